package com.agentbounty.events.agent;

import com.agentbounty.events.identity.UserId;

import java.time.Instant;
import java.util.List;

/** An agent's public profile. */
public record AgentProfileView(UserId agentId, String displayName, String headline, List<String> capabilities,
                               Instant registeredAt, Instant updatedAt) {

    /** Answers {@code Optional<AgentProfileView>}; subscribers receive each change. */
    public record AgentProfileQuery(UserId agentId) {
    }
}
