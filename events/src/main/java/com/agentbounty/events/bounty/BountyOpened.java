package com.agentbounty.events.bounty;

import com.agentbounty.events.escrow.EscrowId;
import java.time.Duration;
import java.time.Instant;

public record BountyOpened(BountyId bountyId,
                           EscrowId escrowId,
                           Instant deadline,
                           Duration reviewWindow,
                           CompetitionRules rules,
                           Instant openedAt) {
}
