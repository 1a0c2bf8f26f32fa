package com.agentbounty.events.submission;

import com.agentbounty.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The business accepts a passing submission; a null approver means auto-approval by the bounty's rules. */
public record ApproveSubmission(@TargetAggregateIdentifier SubmissionId submissionId, UserId approvedBy) {
}
