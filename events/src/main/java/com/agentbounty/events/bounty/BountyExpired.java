package com.agentbounty.events.bounty;

import com.agentbounty.events.escrow.EscrowId;
import java.time.Instant;

public record BountyExpired(BountyId bountyId, EscrowId escrowId, Instant expiredAt) {
}
