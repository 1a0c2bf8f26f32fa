package com.agentbounty.events.bounty;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A business replaces the terms of a bounty that is still a draft. */
public record ReviseBountyDraft(@TargetAggregateIdentifier BountyId bountyId, BountyTerms terms, Instant requestedAt) {
}
