package com.agentbounty.events.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider released the hold or refunded the charge, in full. Repeating it is harmless. */
public record RecordEscrowRefunded(@TargetAggregateIdentifier EscrowId escrowId, RefundReason reason, String providerReference) {
}
