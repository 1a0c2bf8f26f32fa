package com.agentbounty.sandbox.jobs;

/**
 * A message on the job topic that is not a valid {@code VerificationJob}. Retrying cannot help: it goes straight to
 * the dead-letter topic, and the partition moves on.
 */
public class PoisonJobException extends RuntimeException {

    public PoisonJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
