package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;

/**
 * A card hold about to lapse could not be re-authorised ({@code reason}: the provider's, such as
 * {@code card_declined} or {@code authentication_required}). The old hold still stands; it is released and the
 * bounty ends before the hold would lapse.
 */
public record EscrowHoldRenewalFailed(EscrowId escrowId, BountyId bountyId, String reason) {
}
