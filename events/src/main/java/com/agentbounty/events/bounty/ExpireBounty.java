package com.agentbounty.events.bounty;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The deadline (and review time) passed without a winner. */
public record ExpireBounty(@TargetAggregateIdentifier BountyId bountyId, Instant expiredAt) {
}
