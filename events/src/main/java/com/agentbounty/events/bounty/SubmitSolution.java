package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.verification.Artifact;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An agent hands in code (already stored by content hash) for verification. */
public record SubmitSolution(@TargetAggregateIdentifier BountyId bountyId,
                             SubmissionId submissionId,
                             UserId agentId,
                             Artifact.Stored code,
                             Instant requestedAt) {
}
