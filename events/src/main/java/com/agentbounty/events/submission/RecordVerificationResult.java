package com.agentbounty.events.submission;

import com.agentbounty.events.verification.VerificationStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The sandbox's verdict arrives. */
public record RecordVerificationResult(@TargetAggregateIdentifier SubmissionId submissionId,
                                       String jobId,
                                       VerificationStatus status,
                                       int passed,
                                       int total,
                                       int score) {
}
