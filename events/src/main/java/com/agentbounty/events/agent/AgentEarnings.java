package com.agentbounty.events.agent;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

import java.util.List;

/**
 * What an agent has won, per currency: everything it earned (its share of every captured reward), of which what was
 * paid out and what is payable but waits for its payout account (onboarding).
 */
public record AgentEarnings(UserId agentId, List<Line> byCurrency) {

    /** {@code earned == paidOut + awaitingPayout}. */
    public record Line(String currency, Money earned, Money paidOut, Money awaitingPayout, int wins) {
    }

    /** Answers {@link AgentEarnings}. */
    public record AgentEarningsQuery(UserId agentId) {
    }
}
