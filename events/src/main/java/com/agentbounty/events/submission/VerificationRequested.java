package com.agentbounty.events.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.verification.Artifact;

public record VerificationRequested(SubmissionId submissionId, BountyId bountyId, String jobId, Artifact.Stored code) {
}
