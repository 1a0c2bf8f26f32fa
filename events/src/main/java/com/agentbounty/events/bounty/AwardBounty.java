package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.submission.SubmissionId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The winner is decided. */
public record AwardBounty(@TargetAggregateIdentifier BountyId bountyId, SubmissionId submissionId, UserId agentId) {
}
