package com.agentbounty.sandbox.verification;

import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.SandboxLimits;

/**
 * Runs untrusted code against acceptance tests under hard limits. An implementation never lets one run
 * see another's state (a fresh guest instance and memory per call), never throws because of what the
 * guest did (that is a {@link RunReport}), and throws {@link SandboxUnavailableException} only when the
 * worker itself cannot run the job.
 */
public interface SandboxRuntime {

    RuntimeKind kind();

    RunReport run(byte[] code, byte[] tests, SandboxLimits limits);
}
