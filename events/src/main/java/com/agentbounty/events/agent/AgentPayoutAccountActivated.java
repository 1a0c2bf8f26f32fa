package com.agentbounty.events.agent;

import com.agentbounty.events.identity.UserId;

import java.time.Instant;

/** An agent can now receive payouts; payables waiting for it are transferred. */
public record AgentPayoutAccountActivated(UserId agentId, Instant activatedAt) {
}
