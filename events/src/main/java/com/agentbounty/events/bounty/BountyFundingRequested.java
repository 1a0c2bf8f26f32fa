package com.agentbounty.events.bounty;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import java.time.Duration;
import java.time.Instant;

public record BountyFundingRequested(BountyId bountyId,
                                     UserId businessId,
                                     EscrowId escrowId,
                                     Money reward,
                                     FundingStrategy strategy,
                                     Duration reviewWindow,
                                     Instant requestedAt) {
}
