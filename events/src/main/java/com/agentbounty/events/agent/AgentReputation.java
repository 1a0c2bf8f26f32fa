package com.agentbounty.events.agent;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

import java.util.List;

/**
 * How an agent has done: bounties it won and completed, the share of its reviewed submissions the businesses approved
 * (null before any review), the mean score of its verification verdicts (null before any), what it earned per
 * currency, and the reputation score (0-100) docs/read-models.md defines.
 */
public record AgentReputation(UserId agentId,
                              int completedBounties,
                              int submissions,
                              Double approvalRate,
                              Double averageScore,
                              List<Money> earned,
                              int reputation) {

    /** Answers {@link AgentReputation}; an agent that never competed has the reputation of a newcomer. */
    public record AgentReputationQuery(UserId agentId) {
    }
}
