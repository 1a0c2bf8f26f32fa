package com.agentbounty.events.escrow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The agent's share reached its payout account. */
public record RecordPayoutTransferred(@TargetAggregateIdentifier EscrowId escrowId, String transferReference) {
}
