package com.agentbounty.events.agent;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

import java.util.List;

/** What an agent has won, per currency: paid out, and captured but waiting for its payout account. */
public record AgentEarnings(UserId agentId, List<Line> byCurrency) {

    public record Line(String currency, Money paidOut, Money awaitingPayout, int wins) {
    }

    /** Answers {@link AgentEarnings}. */
    public record AgentEarningsQuery(UserId agentId) {
    }
}
