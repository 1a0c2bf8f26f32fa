package com.agentbounty.events.agent;

import com.agentbounty.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An agent publishes (or replaces) its profile; the aggregate is the agent's user id. */
public record RegisterAgentProfile(@TargetAggregateIdentifier UserId agentId, String displayName, AgentProfileTerms terms, Instant requestedAt) {
}
