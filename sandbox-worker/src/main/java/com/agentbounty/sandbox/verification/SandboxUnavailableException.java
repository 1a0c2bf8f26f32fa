package com.agentbounty.sandbox.verification;

/**
 * The worker cannot run a job (a runtime switched off, an artifact it cannot fetch or whose hash does not
 * match, a host out of heap). Unlike anything the guest does, this is an infrastructure failure: the caller
 * retries or dead-letters the job instead of publishing a result.
 */
public class SandboxUnavailableException extends RuntimeException {

    public SandboxUnavailableException(String message) {
        super(message);
    }

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
