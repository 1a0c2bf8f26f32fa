package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.money.Money;

import java.time.Instant;

/**
 * The provider holds (HOLD) or has charged (CHARGE) the gross. {@code authorisedUntil} is when a card hold lapses
 * (Stripe's {@code capture_before}); null for a charge, and absent from events stored before it was recorded.
 */
public record EscrowHeld(EscrowId escrowId, BountyId bountyId, Money gross, String providerReference, Instant authorisedUntil) {
}
