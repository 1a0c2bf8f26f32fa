package com.agentbounty.events.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.verification.VerificationStatus;
import java.time.Instant;

/** {@code passed} is true only when every acceptance test passed. */
public record VerificationCompleted(SubmissionId submissionId,
                                    BountyId bountyId,
                                    UserId agentId,
                                    VerificationStatus status,
                                    boolean passed,
                                    int score,
                                    Instant submittedAt) {
}
