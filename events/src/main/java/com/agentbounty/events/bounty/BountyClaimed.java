package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import java.time.Instant;

public record BountyClaimed(BountyId bountyId, UserId agentId, int claimants, Instant claimedAt) {
}
