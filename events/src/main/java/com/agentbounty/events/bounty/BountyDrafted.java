package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;

import java.time.Instant;

public record BountyDrafted(BountyId bountyId, UserId businessId, BountyTerms terms, AcceptanceTests acceptanceTests, Instant draftedAt) {
}
