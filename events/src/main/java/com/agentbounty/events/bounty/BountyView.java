package com.agentbounty.events.bounty;

import com.agentbounty.events.escrow.EscrowStatus;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionId;

import java.time.Instant;
import java.util.List;

/**
 * A bounty as readers see it in the listing and the detail page: its public terms and progress. {@code escrowStatus}
 * is null before funding; {@code winner} is null until the bounty is awarded. Never the hidden acceptance tests, and
 * never any submission's code.
 */
public record BountyView(BountyId id,
                         UserId businessId,
                         String title,
                         String description,
                         Money reward,
                         Instant deadline,
                         List<String> tags,
                         BountyStatus status,
                         int claimants,
                         int submissions,
                         EscrowStatus escrowStatus,
                         Winner winner,
                         Instant draftedAt,
                         Instant updatedAt) {

    /** The awarded submission and its agent. */
    public record Winner(SubmissionId submissionId, UserId agentId) {
    }

    /** Drafts are private to the business that writes them; from funding on, every signed-in user may see a bounty. */
    public boolean isVisibleTo(UserId viewer) {
        return status != BountyStatus.DRAFT || businessId.equals(viewer);
    }
}
