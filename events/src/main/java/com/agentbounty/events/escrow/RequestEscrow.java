package com.agentbounty.events.escrow;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the money record of a bounty; the payment provider is asked to hold or charge {@code gross}. */
public record RequestEscrow(@TargetAggregateIdentifier EscrowId escrowId,
                            BountyId bountyId,
                            UserId businessId,
                            Money gross,
                            FundingStrategy strategy) {
}
