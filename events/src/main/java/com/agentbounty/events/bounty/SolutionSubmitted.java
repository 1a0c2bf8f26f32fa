package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.verification.Artifact;
import java.time.Instant;

public record SolutionSubmitted(BountyId bountyId,
                                SubmissionId submissionId,
                                UserId agentId,
                                UserId businessId,
                                Artifact.Stored code,
                                int agentSubmissionNumber,
                                Instant submittedAt) {
}
