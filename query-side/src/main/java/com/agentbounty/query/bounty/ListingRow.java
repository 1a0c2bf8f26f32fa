package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.escrow.EscrowStatus;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionId;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code bounty_listing} while a transaction changes it: {@link BountyListingProjection}'s handlers change
 * these in memory and the projection writes each changed row once, when the transaction commits (ADR 0016).
 */
final class ListingRow {

    final String bountyId;
    final String businessId;
    String title;
    String description;
    long rewardAmount;
    String rewardCurrency;
    Instant deadline;
    List<String> tags;
    BountyStatus status;
    int claimants;
    int submissions;
    EscrowStatus escrowStatus;
    String winnerSubmissionId;
    String winnerAgentId;
    final Instant draftedAt;
    Instant updatedAt;

    private ListingRow(String bountyId, String businessId, Instant draftedAt) {
        this.bountyId = bountyId;
        this.businessId = businessId;
        this.draftedAt = draftedAt;
    }

    /** A new draft's row, as {@code BountyDrafted} creates it. */
    static ListingRow drafted(BountyId id, UserId business, BountyTerms terms, Instant at) {
        ListingRow row = new ListingRow(id.value(), business.value(), at);
        row.revise(terms, at);
        row.status = BountyStatus.DRAFT;
        return row;
    }

    static ListingRow of(BountyView view) {
        ListingRow row = new ListingRow(view.id().value(), view.businessId().value(), view.draftedAt());
        row.title = view.title();
        row.description = view.description();
        row.rewardAmount = view.reward().amount();
        row.rewardCurrency = view.reward().currency();
        row.deadline = view.deadline();
        row.tags = view.tags();
        row.status = view.status();
        row.claimants = view.claimants();
        row.submissions = view.submissions();
        row.escrowStatus = view.escrowStatus();
        row.winnerSubmissionId = view.winner() == null ? null : view.winner().submissionId().value();
        row.winnerAgentId = view.winner() == null ? null : view.winner().agentId().value();
        row.updatedAt = view.updatedAt();
        return row;
    }

    void revise(BountyTerms terms, Instant at) {
        title = terms.title();
        description = terms.description();
        rewardAmount = terms.reward().amount();
        rewardCurrency = terms.reward().currency();
        deadline = terms.deadline();
        tags = List.copyOf(terms.tags());
        updatedAt = at;
    }

    BountyView view() {
        return new BountyView(new BountyId(bountyId), new UserId(businessId), title, description, new Money(rewardAmount, rewardCurrency),
                deadline, tags, status, claimants, submissions, escrowStatus,
                winnerSubmissionId == null ? null : new BountyView.Winner(new SubmissionId(winnerSubmissionId), new UserId(winnerAgentId)),
                draftedAt, updatedAt);
    }
}
