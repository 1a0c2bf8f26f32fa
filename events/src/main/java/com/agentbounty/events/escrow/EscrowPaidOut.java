package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

public record EscrowPaidOut(EscrowId escrowId, BountyId bountyId, UserId agentId, Money payout, String transferReference) {
}
