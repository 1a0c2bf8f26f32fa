package com.agentbounty.events.bounty;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionId;

public record BountyAwarded(BountyId bountyId, SubmissionId submissionId, UserId agentId, EscrowId escrowId, Money reward) {
}
