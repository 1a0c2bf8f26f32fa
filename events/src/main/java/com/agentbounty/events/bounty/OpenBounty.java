package com.agentbounty.events.bounty;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The escrow holds the reward: agents may now compete. */
public record OpenBounty(@TargetAggregateIdentifier BountyId bountyId, Instant openedAt) {
}
