package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.money.Money;

public record EscrowRefunded(EscrowId escrowId, BountyId bountyId, Money amount, RefundReason reason, String providerReference) {
}
