package com.agentbounty.query.leaderboard;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.EscrowPaidOut;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.leaderboard.Leaderboard;
import com.agentbounty.events.leaderboard.Leaderboard.Entry;
import com.agentbounty.events.leaderboard.Leaderboard.LeaderboardChangesQuery;
import com.agentbounty.events.leaderboard.Leaderboard.LeaderboardQuery;
import com.agentbounty.events.money.Money;
import com.agentbounty.query.cache.ReadCache;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given paid-out escrows, the leaderboard tables and the Redis sorted set count each win once, and reads survive Redis being down. */
@SpringBootTest
class LeaderboardProjectionTest {

    private static final UserId ADA = new UserId("agent-ada");
    private static final UserId BOB = new UserId("agent-bob");
    private static final UserId CY = new UserId("agent-cy");
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @Autowired
    LeaderboardProjection projection;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    ObjectMapper json;

    @Autowired
    QueryUpdateEmitter updateEmitter;

    @Autowired
    QueryGateway queries;

    private LettuceConnectionFactory closedPort;

    @BeforeEach
    void empty() {
        projection.reset();
    }

    @AfterEach
    void closeUnreachableRedis() {
        if (closedPort != null) {
            closedPort.destroy();
        }
    }

    private static EscrowPaidOut paidOut(String escrow, UserId agent, long amount, String currency) {
        return new EscrowPaidOut(new EscrowId(escrow), new BountyId("bounty-" + escrow), agent, new Money(amount, currency), "tr-" + escrow);
    }

    private void given(LeaderboardProjection to, EscrowPaidOut... events) {
        for (int i = 0; i < events.length; i++) {
            to.on(events[i], T0.plusSeconds(i));
        }
    }

    private List<Map<String, Object>> rows() {
        return jdbc.getJdbcTemplate().queryForList("SELECT agent_id, currency, wins, total_paid FROM leaderboard ORDER BY agent_id, currency");
    }

    private Double score(UserId agent) {
        return redis.opsForZSet().score(LeaderboardProjection.WINS_KEY, agent.value());
    }

    private static final List<EscrowPaidOut> HISTORY = List.of(
            paidOut("e-1", ADA, 8_500, "USD"), paidOut("e-2", BOB, 1_000, "EUR"), paidOut("e-3", ADA, 1_500, "USD"),
            paidOut("e-4", ADA, 700, "EUR"), paidOut("e-5", CY, 300, "USD"), paidOut("e-6", BOB, 200, "EUR"));

    @Test
    void eachPaidOutEscrowCountsAsAWinPerAgentAndCurrencyInTheTableAndTheSortedSet() {
        given(projection, HISTORY.toArray(EscrowPaidOut[]::new));

        assertThat(rows()).containsExactly(
                Map.of("agent_id", "agent-ada", "currency", "EUR", "wins", 1L, "total_paid", 700L),
                Map.of("agent_id", "agent-ada", "currency", "USD", "wins", 2L, "total_paid", 10_000L),
                Map.of("agent_id", "agent-bob", "currency", "EUR", "wins", 2L, "total_paid", 1_200L),
                Map.of("agent_id", "agent-cy", "currency", "USD", "wins", 1L, "total_paid", 300L));
        assertThat(score(ADA)).isEqualTo(3.0);
        assertThat(score(BOB)).isEqualTo(2.0);
        assertThat(score(CY)).isEqualTo(1.0);
        assertThat(jdbc.getJdbcTemplate().queryForObject("SELECT last_win_at FROM leaderboard WHERE agent_id = 'agent-ada' AND currency = 'EUR'",
                java.sql.Timestamp.class).toInstant()).isEqualTo(T0.plusSeconds(3));

        Leaderboard top = projection.handle(new LeaderboardQuery(2));
        assertThat(top.entries()).extracting(Entry::agentId, Entry::wins).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ADA, 3L), org.assertj.core.groups.Tuple.tuple(BOB, 2L));
        assertThat(top.entries().get(0).lastWinAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void replayingTheSameEventsTwiceCountsEachWinOnce() {
        given(projection, HISTORY.toArray(EscrowPaidOut[]::new));
        var once = rows();
        Leaderboard onceRanked = projection.handle(new LeaderboardQuery(10));

        given(projection, HISTORY.toArray(EscrowPaidOut[]::new));

        assertThat(rows()).isEqualTo(once);
        assertThat(score(ADA)).isEqualTo(3.0);
        assertThat(projection.handle(new LeaderboardQuery(10))).isEqualTo(onceRanked);
    }

    @Test
    void aResetEmptiesTheTablesAndTheSortedSetAndARebuildGivesTheSameLeaderboard() {
        given(projection, HISTORY.toArray(EscrowPaidOut[]::new));
        var before = rows();
        Leaderboard ranked = projection.handle(new LeaderboardQuery(10));

        projection.reset();

        assertThat(rows()).isEmpty();
        assertThat(jdbc.getJdbcTemplate().queryForObject("SELECT count(*) FROM leaderboard_win", Long.class)).isZero();
        assertThat(redis.hasKey(LeaderboardProjection.WINS_KEY)).isFalse();
        assertThat(projection.handle(new LeaderboardQuery(10)).entries()).isEmpty();

        given(projection, HISTORY.toArray(EscrowPaidOut[]::new));
        assertThat(rows()).isEqualTo(before);
        assertThat(projection.handle(new LeaderboardQuery(10))).isEqualTo(ranked);
    }

    @Test
    void agentsWithEqualWinsRankTheSameFromRedisAndFromPostgres() {
        given(projection, paidOut("t-1", ADA, 100, "USD"), paidOut("t-2", CY, 100, "USD"), paidOut("t-3", BOB, 100, "USD"));

        Leaderboard fromRedis = projection.handle(new LeaderboardQuery(10));
        Leaderboard fromPostgres = new LeaderboardProjection(jdbc, unreachableRedis(), withoutCache(), updateEmitter).handle(new LeaderboardQuery(10));

        assertThat(fromRedis.entries()).extracting(Entry::agentId).containsExactly(CY, BOB, ADA);
        assertThat(fromPostgres).isEqualTo(fromRedis);
    }

    @Test
    void withRedisUnreachableWinsAreStillRecordedAndTheLeaderboardAnswersFromPostgres() {
        LeaderboardProjection redisDown = new LeaderboardProjection(jdbc, unreachableRedis(), withoutCache(), updateEmitter);
        assertThatThrownBy(() -> redisDown.reset()).as("the Redis of this projection really is unreachable")
                .isInstanceOf(org.springframework.dao.DataAccessException.class);

        given(redisDown, HISTORY.toArray(EscrowPaidOut[]::new));

        assertThat(score(ADA)).as("nothing reached the shared Redis").isNull();
        Leaderboard answer = redisDown.handle(new LeaderboardQuery(2));
        assertThat(answer.entries()).extracting(Entry::agentId, Entry::wins).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ADA, 3L), org.assertj.core.groups.Tuple.tuple(BOB, 2L));
        assertThat(answer.entries().get(1).lastWinAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void eachNewWinEmitsTheAgentsNewStandingAndAReplayedWinEmitsNothing() {
        var changes = queries.subscriptionQuery(new LeaderboardChangesQuery(), ResponseTypes.instanceOf(Void.class),
                ResponseTypes.instanceOf(Entry.class));
        List<Entry> emitted = new CopyOnWriteArrayList<>();
        changes.updates().subscribe(emitted::add);
        try (changes) {
            given(projection, paidOut("w-1", ADA, 8_500, "USD"), paidOut("w-1", ADA, 8_500, "USD"), paidOut("w-2", ADA, 700, "EUR"));
        }

        assertThat(emitted).extracting(Entry::agentId, Entry::wins).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ADA, 1L), org.assertj.core.groups.Tuple.tuple(ADA, 2L));
        assertThat(emitted.get(1).lastWinAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void theLimitIsAtLeastOneAndAtMostTheMaximum() {
        given(projection, HISTORY.toArray(EscrowPaidOut[]::new));

        assertThat(projection.handle(new LeaderboardQuery(0)).entries()).hasSize(1);
        assertThat(projection.handle(new LeaderboardQuery(Integer.MAX_VALUE)).entries()).hasSize(3);
    }

    /** The read cache switched off: these projections' answers come from their own Redis or PostgreSQL only. */
    private ReadCache withoutCache() {
        return ReadCache.disabled();
    }

    private StringRedisTemplate unreachableRedis() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        closedPort = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        closedPort.afterPropertiesSet();
        closedPort.start();
        StringRedisTemplate template = new StringRedisTemplate(closedPort);
        template.afterPropertiesSet();
        return template;
    }
}
