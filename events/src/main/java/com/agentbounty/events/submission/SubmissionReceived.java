package com.agentbounty.events.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.verification.Artifact;
import java.time.Instant;

public record SubmissionReceived(SubmissionId submissionId,
                                 BountyId bountyId,
                                 UserId agentId,
                                 UserId businessId,
                                 Artifact.Stored code,
                                 Instant submittedAt) {
}
