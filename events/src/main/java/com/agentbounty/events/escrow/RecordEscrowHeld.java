package com.agentbounty.events.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider confirmed the hold (or charge). Repeating it is harmless. */
public record RecordEscrowHeld(@TargetAggregateIdentifier EscrowId escrowId, String providerReference) {
}
