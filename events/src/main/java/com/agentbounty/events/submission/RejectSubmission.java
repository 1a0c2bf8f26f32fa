package com.agentbounty.events.submission;

import com.agentbounty.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The business turns a submission down. */
public record RejectSubmission(@TargetAggregateIdentifier SubmissionId submissionId, UserId rejectedBy, String reason) {
}
