package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;

public record ClaimWithdrawn(BountyId bountyId, UserId agentId, int claimants) {
}
