package com.agentbounty.events.leaderboard;

import com.agentbounty.events.identity.UserId;

import java.time.Instant;
import java.util.List;

/**
 * Agents ranked by bounties won (paid out), most first; ties go to the greater agent id, the same order from Redis and
 * from PostgreSQL. {@code displayName} is null for an agent without a public profile.
 */
public record Leaderboard(List<Entry> entries) {

    public static final int MAX_LIMIT = 100;

    public record Entry(UserId agentId, String displayName, long wins, Instant lastWinAt) {
    }

    /** Answers {@link Leaderboard}: the first {@code limit} agents. */
    public record LeaderboardQuery(int limit) {
    }

    /**
     * Subscription only, for live updates: subscribers receive the new {@link Entry} of each agent whose wins
     * changed; the initial answer is never asked for.
     */
    public record LeaderboardChangesQuery() {
    }
}
