package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

import java.time.Instant;

/**
 * The money of one bounty as its business sees it. {@code fee} and {@code payout} are set from capture on;
 * {@code refunded} after a refund; {@code failureReason} when the payment was refused.
 */
public record EscrowView(EscrowId escrowId,
                         BountyId bountyId,
                         UserId businessId,
                         EscrowStatus status,
                         FundingStrategy strategy,
                         Money gross,
                         Money fee,
                         Money payout,
                         Money refunded,
                         UserId agentId,
                         String failureReason,
                         Instant updatedAt) {

    /** Answers {@code Optional<EscrowView>}. */
    public record EscrowOfBountyQuery(BountyId bountyId) {
    }
}
