package com.agentbounty.events.bounty;

import java.time.Instant;

public record BountyDraftRevised(BountyId bountyId, BountyTerms terms, AcceptanceTests acceptanceTests, Instant revisedAt) {
}
