package com.agentbounty.events.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;

public record SubmissionApproved(SubmissionId submissionId, BountyId bountyId, UserId agentId, UserId approvedBy) {
}
