package com.agentbounty.events.bounty;

import com.agentbounty.events.escrow.EscrowId;
import java.time.Instant;

/** {@code escrowId} is null when the bounty was never funded: nothing to refund. */
public record BountyCancelled(BountyId bountyId, EscrowId escrowId, Instant cancelledAt) {
}
