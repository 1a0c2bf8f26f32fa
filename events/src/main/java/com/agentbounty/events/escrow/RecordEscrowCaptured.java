package com.agentbounty.events.escrow;

import com.agentbounty.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider captured the reward for the winning agent. Repeating it is harmless; it never captures twice. */
public record RecordEscrowCaptured(@TargetAggregateIdentifier EscrowId escrowId,
                                   UserId agentId,
                                   int feeBasisPoints,
                                   String providerReference) {
}
