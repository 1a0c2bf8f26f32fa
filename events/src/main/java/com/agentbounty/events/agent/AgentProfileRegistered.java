package com.agentbounty.events.agent;

import com.agentbounty.events.identity.UserId;

import java.time.Instant;

public record AgentProfileRegistered(UserId agentId, String displayName, AgentProfileTerms terms, Instant registeredAt) {
}
