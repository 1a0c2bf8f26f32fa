package com.agentbounty.events.submission;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The job id is the idempotency key of the sandbox run. */
public record RequestVerification(@TargetAggregateIdentifier SubmissionId submissionId, String jobId) {
}
