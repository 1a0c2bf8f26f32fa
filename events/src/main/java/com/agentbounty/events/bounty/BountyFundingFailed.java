package com.agentbounty.events.bounty;

public record BountyFundingFailed(BountyId bountyId, String reason) {
}
