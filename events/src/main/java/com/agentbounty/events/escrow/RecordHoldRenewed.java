package com.agentbounty.events.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The provider re-authorised the hold before it lapsed. Repeating it is harmless. */
public record RecordHoldRenewed(@TargetAggregateIdentifier EscrowId escrowId, String providerReference, Instant authorisedUntil) {
}
