package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.money.Money;

public record EscrowHeld(EscrowId escrowId, BountyId bountyId, Money gross, String providerReference) {
}
