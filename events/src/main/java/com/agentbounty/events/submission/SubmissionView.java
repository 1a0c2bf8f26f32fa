package com.agentbounty.events.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.verification.VerificationStatus;

import java.time.Instant;
import java.util.List;

/**
 * A submission as its agent and the bounty's business see it: where it stands, and the sandbox's verdict
 * ({@code verification}, {@code passed}, {@code score}) once there is one. The code itself is reached through a
 * presigned URL, never inline.
 */
public record SubmissionView(SubmissionId id,
                             BountyId bountyId,
                             UserId agentId,
                             UserId businessId,
                             SubmissionStatus status,
                             String codeSha256,
                             long codeSizeBytes,
                             VerificationStatus verification,
                             Boolean passed,
                             Integer score,
                             String rejectionReason,
                             Instant submittedAt,
                             Instant updatedAt) {

    public boolean isVisibleTo(UserId viewer) {
        return agentId.equals(viewer) || businessId.equals(viewer);
    }

    /** Answers {@code Optional<SubmissionView>}; subscribers receive each change of that submission. */
    public record SubmissionQuery(SubmissionId submissionId) {
    }

    /**
     * Subscription only, for live updates: subscribers receive every change of every submission (received, verifying,
     * verified, approved, rejected); the initial answer is never asked for.
     */
    public record SubmissionChangesQuery() {
    }

    /** Answers {@code List<SubmissionView>}, oldest first: all of a bounty's, or only {@code agentId}'s when set. */
    public record SubmissionsOfBountyQuery(BountyId bountyId, UserId agentId) {
    }

    /** The answer type of {@link SubmissionsOfBountyQuery}, so that it travels as one message. */
    public record SubmissionList(List<SubmissionView> data) {
    }
}
