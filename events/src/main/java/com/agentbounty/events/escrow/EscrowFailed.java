package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;

public record EscrowFailed(EscrowId escrowId, BountyId bountyId, String reason) {
}
