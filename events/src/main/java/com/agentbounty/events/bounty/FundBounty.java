package com.agentbounty.events.bounty;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.identity.UserId;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The business asks to fund its draft. The windows are the platform's funding policy: a card hold is chosen only when deadline plus review fits inside the hold window. */
public record FundBounty(@TargetAggregateIdentifier BountyId bountyId,
                         UserId requestedBy,
                         EscrowId escrowId,
                         Duration holdWindow,
                         Duration reviewWindow,
                         Instant requestedAt) {
}
