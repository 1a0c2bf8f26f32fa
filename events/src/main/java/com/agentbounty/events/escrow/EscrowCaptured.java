package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

/** {@code fee + payout == gross}, always. */
public record EscrowCaptured(EscrowId escrowId,
                             BountyId bountyId,
                             UserId agentId,
                             Money gross,
                             Money fee,
                             Money payout,
                             String providerReference) {
}
