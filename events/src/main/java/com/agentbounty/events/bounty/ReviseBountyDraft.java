package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A business replaces the terms of its own bounty while it is still a draft. */
public record ReviseBountyDraft(@TargetAggregateIdentifier BountyId bountyId, UserId requestedBy, BountyTerms terms, AcceptanceTests acceptanceTests, Instant requestedAt) {
}
