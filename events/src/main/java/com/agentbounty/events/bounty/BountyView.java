package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

import java.time.Instant;
import java.util.List;

/** A bounty as readers see it in the listing and the detail page. */
public record BountyView(BountyId id,
                         UserId businessId,
                         String title,
                         String description,
                         Money reward,
                         Instant deadline,
                         List<String> tags,
                         BountyStatus status,
                         int claimants,
                         Instant draftedAt,
                         Instant updatedAt) {

    /** Drafts are private to the business that writes them; from funding on, every signed-in user may see a bounty. */
    public boolean isVisibleTo(UserId viewer) {
        return status != BountyStatus.DRAFT || businessId.equals(viewer);
    }
}
