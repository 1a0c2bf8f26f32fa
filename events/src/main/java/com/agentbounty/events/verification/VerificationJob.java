package com.agentbounty.events.verification;

import com.agentbounty.events.bounty.BountyId;

import java.util.Objects;

/**
 * Run one submission's code against its bounty's hidden acceptance tests (Kafka {@code execution-queue}).
 * {@code jobId} is the idempotency key: a job delivered twice is run (or answered) once.
 * {@code submissionId} is the submission's id as text until the submission slice gives it a type.
 */
public record VerificationJob(String jobId,
                              String submissionId,
                              BountyId bountyId,
                              RuntimeKind runtime,
                              Artifact code,
                              Artifact tests,
                              SandboxLimits limits) {

    public VerificationJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(submissionId, "submissionId");
        Objects.requireNonNull(bountyId, "bountyId");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(tests, "tests");
        limits = limits == null ? SandboxLimits.DEFAULT : limits;
        if (jobId.isBlank()) {
            throw new IllegalArgumentException("jobId must not be blank");
        }
    }
}
