package com.agentbounty.events.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;

public record SubmissionRejected(SubmissionId submissionId, BountyId bountyId, UserId agentId, String reason) {
}
