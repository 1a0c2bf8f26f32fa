package com.agentbounty.events.bounty;

import com.agentbounty.events.money.Money;

import java.time.Instant;
import java.util.List;

/** A bounty as readers see it in the listing and the detail page. */
public record BountyView(BountyId id,
                         String title,
                         String description,
                         Money reward,
                         Instant deadline,
                         List<String> tags,
                         BountyStatus status,
                         Instant draftedAt,
                         Instant updatedAt) {
}
