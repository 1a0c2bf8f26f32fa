package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An agent registers to compete. */
public record ClaimBounty(@TargetAggregateIdentifier BountyId bountyId, UserId agentId, Instant requestedAt) {
}
