package com.agentbounty.events.bounty;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment did not go through; the bounty returns to draft. */
public record FailBountyFunding(@TargetAggregateIdentifier BountyId bountyId, String reason) {
}
