package com.agentbounty.events.bounty;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The winner has been paid. */
public record CompleteBounty(@TargetAggregateIdentifier BountyId bountyId) {
}
