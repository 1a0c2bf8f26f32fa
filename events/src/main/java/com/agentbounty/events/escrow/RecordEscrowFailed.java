package com.agentbounty.events.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider refused the payment (for example card_declined). */
public record RecordEscrowFailed(@TargetAggregateIdentifier EscrowId escrowId, String reason) {
}
