package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A business writes a new bounty. {@code requestedAt} is the caller's clock: aggregates never read one. */
public record DraftBounty(@TargetAggregateIdentifier BountyId bountyId, UserId businessId, BountyTerms terms, AcceptanceTests acceptanceTests, Instant requestedAt) {
}
