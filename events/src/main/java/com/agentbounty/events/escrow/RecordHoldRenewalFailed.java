package com.agentbounty.events.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider refused to re-authorise the hold. Repeating it is harmless. */
public record RecordHoldRenewalFailed(@TargetAggregateIdentifier EscrowId escrowId, String reason) {
}
