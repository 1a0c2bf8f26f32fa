package com.agentbounty.events.bounty;

import java.time.Instant;

public record BountyDrafted(BountyId bountyId, BountyTerms terms, Instant draftedAt) {
}
