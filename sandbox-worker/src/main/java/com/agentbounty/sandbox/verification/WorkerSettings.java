package com.agentbounty.sandbox.verification;

import java.util.Map;

/**
 * Switches of one worker process. {@code wasmtimeEnabled} is the {@code USE_WASMTIME_SANDBOX} feature flag:
 * the job's runtime chooses the sandbox, the flag decides whether this worker serves WASMTIME jobs at all
 * (Wasmtime is native code loaded through JNI; QuickJS runs on the JVM alone).
 */
public record WorkerSettings(boolean wasmtimeEnabled) {

    public static final String WASMTIME_FLAG = "USE_WASMTIME_SANDBOX";

    public static WorkerSettings fromEnvironment(Map<String, String> environment) {
        return new WorkerSettings(Boolean.parseBoolean(environment.getOrDefault(WASMTIME_FLAG, "false").trim()));
    }
}
