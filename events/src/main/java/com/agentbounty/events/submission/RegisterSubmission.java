package com.agentbounty.events.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.verification.Artifact;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the submission's own record once the bounty has accepted it. */
public record RegisterSubmission(@TargetAggregateIdentifier SubmissionId submissionId,
                                 BountyId bountyId,
                                 UserId agentId,
                                 UserId businessId,
                                 Artifact.Stored code,
                                 Instant submittedAt) {
}
