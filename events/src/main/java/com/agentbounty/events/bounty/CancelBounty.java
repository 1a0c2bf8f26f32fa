package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The business withdraws its bounty: possible before any submission. */
public record CancelBounty(@TargetAggregateIdentifier BountyId bountyId, UserId requestedBy, Instant requestedAt) {
}
