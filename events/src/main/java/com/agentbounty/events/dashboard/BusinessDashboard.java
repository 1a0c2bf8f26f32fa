package com.agentbounty.events.dashboard;

import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

import java.util.List;
import java.util.Map;

/**
 * A business's own bounties at a glance: how many are in each status, and per currency (never added across
 * currencies) what it spent (captured gross), the platform fees in that, what was refunded to it and what is held in
 * escrow right now.
 */
public record BusinessDashboard(UserId businessId, Map<BountyStatus, Integer> bountiesByStatus, List<Line> byCurrency) {

    public record Line(String currency, Money spent, Money feesPaid, Money refunded, Money heldInEscrow) {
    }

    /** Answers {@link BusinessDashboard}. */
    public record BusinessDashboardQuery(UserId businessId) {
    }
}
