package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;

public record BountyCompleted(BountyId bountyId, UserId agentId) {
}
