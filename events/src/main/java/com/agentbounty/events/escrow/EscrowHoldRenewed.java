package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;

import java.time.Instant;

/**
 * A card hold about to lapse was replaced by a new authorisation of the same gross (the old one released): the money
 * stays held, now under {@code providerReference} until {@code authorisedUntil}.
 */
public record EscrowHoldRenewed(EscrowId escrowId, BountyId bountyId, String providerReference, Instant authorisedUntil) {
}
