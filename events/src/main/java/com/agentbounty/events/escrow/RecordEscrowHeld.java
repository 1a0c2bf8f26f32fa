package com.agentbounty.events.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The provider confirmed the hold (or charge). Repeating it is harmless. {@code authorisedUntil}: when the card hold
 * lapses unless captured ({@code capture_before}); null for a charge.
 */
public record RecordEscrowHeld(@TargetAggregateIdentifier EscrowId escrowId, String providerReference, Instant authorisedUntil) {
}
