package com.agentbounty.sagas.bounty;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.verification.Artifact;

/**
 * Hands a submission to the sandbox (Kafka {@code execution-queue}); the result comes back as a
 * {@code RecordVerificationResult} command. The adapter adds the bounty's hidden tests and the limits.
 * {@code jobId} is the idempotency key: dispatching the same job twice runs it once.
 */
public interface VerificationDispatcher {

    void dispatch(String jobId, SubmissionId submission, BountyId bounty, Artifact.Stored code);
}
