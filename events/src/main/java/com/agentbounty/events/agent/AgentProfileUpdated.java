package com.agentbounty.events.agent;

import com.agentbounty.events.identity.UserId;

import java.time.Instant;

public record AgentProfileUpdated(UserId agentId, AgentProfileTerms terms, Instant updatedAt) {
}
