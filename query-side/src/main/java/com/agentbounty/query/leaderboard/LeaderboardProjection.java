package com.agentbounty.query.leaderboard;

import com.agentbounty.events.escrow.EscrowPaidOut;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.leaderboard.Leaderboard;
import com.agentbounty.query.cache.ReadCache;
import com.agentbounty.query.ReadModel;
import com.agentbounty.query.Subscribers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tables {@code leaderboard_win} (one row per paid-out escrow: the idempotency key) and {@code leaderboard} (wins,
 * total paid and last win per agent and currency), and the Redis sorted set {@value #WINS_KEY} (score = the agent's
 * wins over all currencies). The set's score is always written as the table's sum, never incremented, so a replay or a
 * missed Redis write is repaired by the agent's next win or a rebuild. Reads come from Redis; while Redis is
 * unreachable, or its set is empty, they come from PostgreSQL, in the same order. Whole answers are cached besides
 * ({@link ReadCache}, TTL {@code agentbounty.cache.leaderboard}) and retired by every win. Each new win emits the agent's
 * new standing to subscribers of {@link Leaderboard.LeaderboardChangesQuery} (live updates).
 */
@Component
@ReadModel(tables = {"leaderboard_win", "leaderboard"}, redisKeys = LeaderboardProjection.WINS_KEY)
@ProcessingGroup(LeaderboardProjection.PROCESSING_GROUP)
public class LeaderboardProjection {

    public static final String PROCESSING_GROUP = "leaderboard";
    public static final String WINS_KEY = "leaderboard:wins";

    private static final Logger log = LoggerFactory.getLogger(LeaderboardProjection.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final StringRedisTemplate redis;
    private final ReadCache cache;
    private final QueryUpdateEmitter updateEmitter;

    public LeaderboardProjection(NamedParameterJdbcTemplate jdbc, StringRedisTemplate redis, ReadCache cache,
                                 QueryUpdateEmitter updateEmitter) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.cache = cache;
        this.updateEmitter = updateEmitter;
    }

    @EventHandler
    void on(EscrowPaidOut event, @org.axonframework.eventhandling.Timestamp Instant at) {
        var parameters = new MapSqlParameterSource("escrow", event.escrowId().value()).addValue("agent", event.agentId().value())
                .addValue("currency", event.payout().currency()).addValue("payout", event.payout().amount()).addValue("at", Timestamp.from(at));
        boolean newWin = jdbc.update("""
                INSERT INTO leaderboard_win (escrow_id, agent_id, currency, payout, won_at)
                VALUES (:escrow, :agent, :currency, :payout, :at) ON CONFLICT DO NOTHING""", parameters) == 1;
        if (newWin) {
            jdbc.update("""
                    INSERT INTO leaderboard (agent_id, currency, wins, total_paid, last_win_at) VALUES (:agent, :currency, 1, :payout, :at)
                    ON CONFLICT (agent_id, currency) DO UPDATE SET wins = leaderboard.wins + 1,
                        total_paid = leaderboard.total_paid + EXCLUDED.total_paid,
                        last_win_at = greatest(leaderboard.last_win_at, EXCLUDED.last_win_at)""", parameters);
            // The standing joins agent_profile, another projection's table, which a rebuild's copy cannot see.
            if (Subscribers.watch(updateEmitter, Leaderboard.LeaderboardChangesQuery.class)) {
                // Read before the Redis write, which readers see before this transaction commits; the emit itself waits for the commit.
                jdbc.query(SUMS + " WHERE l.agent_id = :agent GROUP BY l.agent_id, p.display_name", parameters, ENTRY)
                        .forEach(standing -> updateEmitter.emit(Leaderboard.LeaderboardChangesQuery.class, any -> true, standing));
            }
        }
        cache.changed(ReadCache.Region.LEADERBOARD, null);
        long wins = jdbc.queryForObject("SELECT coalesce(sum(wins), 0) FROM leaderboard WHERE agent_id = :agent", parameters, Long.class);
        try {
            redis.opsForZSet().add(WINS_KEY, event.agentId().value(), wins);
        } catch (DataAccessException e) {
            log.warn("Redis unreachable: {} wins of agent {} not in {} until its next win or a rebuild ({})",
                    wins, event.agentId().value(), WINS_KEY, e.getMessage());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE leaderboard_win, leaderboard");
        redis.delete(WINS_KEY);
        cache.changed(ReadCache.Region.LEADERBOARD, null);
    }

    @QueryHandler
    public Leaderboard handle(Leaderboard.LeaderboardQuery query) {
        int limit = Math.max(1, Math.min(query.limit(), Leaderboard.MAX_LIMIT));
        return cache.get(ReadCache.Region.LEADERBOARD, null, "top:" + limit, Leaderboard.class, () -> ranking(limit));
    }

    private Leaderboard ranking(int limit) {
        Set<ZSetOperations.TypedTuple<String>> ranked;
        try {
            ranked = redis.opsForZSet().reverseRangeWithScores(WINS_KEY, 0, limit - 1);
        } catch (DataAccessException e) {
            log.warn("Redis unreachable, leaderboard read from PostgreSQL ({})", e.getMessage());
            return fromDatabase(limit);
        }
        if (ranked == null || ranked.isEmpty()) {
            // An empty set after Redis lost its data (or before any win): the table knows, and is empty too if no one won.
            return fromDatabase(limit);
        }
        List<String> ids = ranked.stream().map(ZSetOperations.TypedTuple::getValue).toList();
        Map<String, Leaderboard.Entry> details = new HashMap<>();
        jdbc.query(SUMS + " WHERE l.agent_id IN (:ids) GROUP BY l.agent_id, p.display_name", new MapSqlParameterSource("ids", ids), ENTRY)
                .forEach(entry -> details.put(entry.agentId().value(), entry));
        List<Leaderboard.Entry> entries = new ArrayList<>();
        for (var tuple : ranked) {
            Leaderboard.Entry detail = details.get(tuple.getValue());
            long wins = tuple.getScore() == null ? 0 : tuple.getScore().longValue();
            entries.add(new Leaderboard.Entry(new UserId(tuple.getValue()), detail == null ? null : detail.displayName(), wins,
                    detail == null ? null : detail.lastWinAt()));
        }
        return new Leaderboard(entries);
    }

    private static final String SUMS = """
            SELECT l.agent_id, p.display_name, sum(l.wins) AS wins, max(l.last_win_at) AS last_win_at
            FROM leaderboard l LEFT JOIN agent_profile p ON p.agent_id = l.agent_id""";

    /** The same ranking as the sorted set: Redis orders equal scores by member, descending in a reverse range. */
    private Leaderboard fromDatabase(int limit) {
        return new Leaderboard(jdbc.query(SUMS + " GROUP BY l.agent_id, p.display_name ORDER BY wins DESC, l.agent_id DESC LIMIT :limit",
                new MapSqlParameterSource("limit", limit), ENTRY));
    }

    private static final RowMapper<Leaderboard.Entry> ENTRY = (rs, row) -> new Leaderboard.Entry(new UserId(rs.getString("agent_id")),
            rs.getString("display_name"), rs.getLong("wins"), rs.getTimestamp("last_win_at").toInstant());
}
