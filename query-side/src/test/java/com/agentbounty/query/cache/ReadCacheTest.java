package com.agentbounty.query.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The read cache over the embedded Redis: changes that race a load or sit in a transaction, and Redis going away. */
@SpringBootTest
class ReadCacheTest {

    @Autowired
    ReadCache cache;

    @Autowired
    ObjectMapper json;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void anAnswerLoadedWhileAChangeWasBeingRecordedIsNeverServedAfterIt() {
        AtomicInteger loads = new AtomicInteger();

        // The change lands between the version lookup and the store of the (by then stale) answer.
        String first = cache.get(ReadCache.Region.AGENT_PROFILE, "agent-race", "view", String.class, () -> {
            cache.changed(ReadCache.Region.AGENT_PROFILE, "agent-race");
            return "stale " + loads.incrementAndGet();
        });
        String second = cache.get(ReadCache.Region.AGENT_PROFILE, "agent-race", "view", String.class, () -> "fresh " + loads.incrementAndGet());
        String third = cache.get(ReadCache.Region.AGENT_PROFILE, "agent-race", "view", String.class, () -> "again " + loads.incrementAndGet());

        assertThat(first).isEqualTo("stale 1");
        assertThat(second).isEqualTo("fresh 2");
        assertThat(third).isEqualTo("fresh 2");
    }

    @Test
    void aChangeInsideATransactionRetiresTheAnswerOnlyOnceItCommits() {
        cache.get(ReadCache.Region.AGENT_PROFILE, "agent-tx", "view", String.class, () -> "before");

        transactions.executeWithoutResult(status -> {
            cache.changed(ReadCache.Region.AGENT_PROFILE, "agent-tx");
            assertThat(cache.get(ReadCache.Region.AGENT_PROFILE, "agent-tx", "view", String.class, () -> "during")).isEqualTo("before");
        });

        assertThat(cache.get(ReadCache.Region.AGENT_PROFILE, "agent-tx", "view", String.class, () -> "after")).isEqualTo("after");
    }

    @Test
    void everyChangeOfABatchRetiresItsAnswerAtCommitAndTheNextTransactionStartsAfresh() {
        for (String agent : new String[]{"agent-batch-1", "agent-batch-2"}) {
            cache.get(ReadCache.Region.AGENT_PROFILE, agent, "view", String.class, () -> "before");
        }
        cache.get(ReadCache.Region.LEADERBOARD, null, "top", String.class, () -> "board before");

        // An event processor's batch: several events, several scopes, one transaction.
        transactions.executeWithoutResult(status -> {
            cache.changed(ReadCache.Region.AGENT_PROFILE, "agent-batch-1");
            cache.changed(ReadCache.Region.AGENT_PROFILE, "agent-batch-2");
            cache.changed(ReadCache.Region.AGENT_PROFILE, "agent-batch-1");
            cache.changed(ReadCache.Region.LEADERBOARD, null);
        });

        assertThat(cache.get(ReadCache.Region.AGENT_PROFILE, "agent-batch-1", "view", String.class, () -> "after")).isEqualTo("after");
        assertThat(cache.get(ReadCache.Region.AGENT_PROFILE, "agent-batch-2", "view", String.class, () -> "after")).isEqualTo("after");
        assertThat(cache.get(ReadCache.Region.LEADERBOARD, null, "top", String.class, () -> "board after")).isEqualTo("board after");
        // The batch's changes are gone with its transaction: the next one retires only its own.
        transactions.executeWithoutResult(status -> cache.changed(ReadCache.Region.LEADERBOARD, null));
        assertThat(cache.get(ReadCache.Region.LEADERBOARD, null, "top", String.class, () -> "board again")).isEqualTo("board again");
        assertThat(cache.get(ReadCache.Region.AGENT_PROFILE, "agent-batch-1", "view", String.class, () -> "again")).isEqualTo("after");
    }

    @Test
    void aChangeWhoseTransactionRollsBackRetiresNothing() {
        cache.get(ReadCache.Region.AGENT_PROFILE, "agent-rollback", "view", String.class, () -> "kept");

        transactions.executeWithoutResult(status -> {
            cache.changed(ReadCache.Region.AGENT_PROFILE, "agent-rollback");
            status.setRollbackOnly();
        });

        assertThat(cache.get(ReadCache.Region.AGENT_PROFILE, "agent-rollback", "view", String.class, () -> "reloaded")).isEqualTo("kept");
    }

    @Test
    void theStoredJsonIsWhatTheAnswerWritesCountsAsOneHitAndRetiresWithTheAnswer() throws Exception {
        record Answer(String title, long amount) {
        }
        var registry = new SimpleMeterRegistry();
        var counted = new ReadCache(redis, json, withMemory(Duration.ofSeconds(5)), registry);
        assertThat(counted.storedJson(ReadCache.Region.BOUNTY_DETAIL, "b-json", "view", Answer.class)).as("nothing stored yet").isNull();

        Answer answer = counted.get(ReadCache.Region.BOUNTY_DETAIL, "b-json", "view", Answer.class, () -> new Answer("Parse dates", 1_000));

        assertThat(counted.storedJson(ReadCache.Region.BOUNTY_DETAIL, "b-json", "view", Answer.class)).isEqualTo(json.writeValueAsBytes(answer));
        assertThat(registry.get("cache.gets").tag("cache", "bounty-detail").tag("result", "miss").counter().count()).isEqualTo(1);
        assertThat(registry.get("cache.gets").tag("cache", "bounty-detail").tag("result", "hit").counter().count()).isEqualTo(1);

        counted.changed(ReadCache.Region.BOUNTY_DETAIL, "b-json");

        assertThat(counted.storedJson(ReadCache.Region.BOUNTY_DETAIL, "b-json", "view", Answer.class)).isNull();
    }

    @Test
    void anEntryWrittenForAnotherShapeOfTheAnswerIsNeverFound() {
        record Before(String title) {
        }
        record After(String title, long amount) {
        }
        cache.get(ReadCache.Region.BOUNTY_DETAIL, "b-shape", "view", Before.class, () -> new Before("old shape"));

        assertThat(cache.storedJson(ReadCache.Region.BOUNTY_DETAIL, "b-shape", "view", After.class)).isNull();
        assertThat(cache.get(ReadCache.Region.BOUNTY_DETAIL, "b-shape", "view", After.class, () -> new After("new shape", 1)).title())
                .isEqualTo("new shape");
    }

    @Test
    void aHotAnswerIsServedFromThisNodesMemoryWithoutAskingRedis() {
        var registry = new SimpleMeterRegistry();
        var node = new ReadCache(redis, json, withMemory(Duration.ofSeconds(5)), registry);
        node.get(ReadCache.Region.AGENT_PROFILE, "agent-hot", "view", String.class, () -> "loaded once");
        // Were the answer asked of Redis, this would make the next read a miss.
        redis.delete(redis.keys(ReadCache.PREFIX + "agent-profile:agent-hot:*"));

        assertThat(node.get(ReadCache.Region.AGENT_PROFILE, "agent-hot", "view", String.class, () -> "loaded again")).isEqualTo("loaded once");
        assertThat(registry.get("cache.gets.memory").tag("cache", "agent-profile").counter().count()).isEqualTo(1);
        assertThat(registry.get("cache.gets").tag("cache", "agent-profile").tag("result", "hit").counter().count()).isEqualTo(1);
    }

    @Test
    void aHotAnswersVersionsAreReadAgainInTheBackgroundBeforeTheyExpire() throws InterruptedException {
        Duration maxAge = Duration.ofMillis(400);
        var registry = new SimpleMeterRegistry();
        var node = new ReadCache(redis, json, withMemory(maxAge), registry);
        node.get(ReadCache.Region.AGENT_PROFILE, "agent-refresh", "view", String.class, () -> "loaded once");
        redis.delete(redis.keys(ReadCache.PREFIX + "agent-profile:agent-refresh:*")); // only memory has it now

        Thread.sleep(250); // past a quarter of the maximum age: this read starts the background read of the versions
        assertThat(node.get(ReadCache.Region.AGENT_PROFILE, "agent-refresh", "view", String.class, () -> "loaded again")).isEqualTo("loaded once");
        Thread.sleep(250); // past the maximum age of the versions first read: only the background read keeps them

        assertThat(node.get(ReadCache.Region.AGENT_PROFILE, "agent-refresh", "view", String.class, () -> "loaded again")).isEqualTo("loaded once");
        assertThat(registry.get("cache.gets.memory").tag("cache", "agent-profile").counter().count()).isEqualTo(2);
    }

    @Test
    void aChangeMadeOnThisNodeRetiresWhatItsMemoryHoldsAtOnce() {
        var node = new ReadCache(redis, json, withMemory(Duration.ofMinutes(1)), new SimpleMeterRegistry());
        node.get(ReadCache.Region.AGENT_PROFILE, "agent-here", "view", String.class, () -> "before");

        node.changed(ReadCache.Region.AGENT_PROFILE, "agent-here");

        assertThat(node.get(ReadCache.Region.AGENT_PROFILE, "agent-here", "view", String.class, () -> "after")).isEqualTo("after");
    }

    @Test
    void aChangeMadeOnAnotherNodeReachesThisNodesReadersWithinTheMaxAge() throws InterruptedException {
        Duration maxAge = Duration.ofMillis(300);
        var here = new ReadCache(redis, json, withMemory(maxAge), new SimpleMeterRegistry());
        var there = new ReadCache(redis, json, withMemory(maxAge), new SimpleMeterRegistry());
        here.get(ReadCache.Region.AGENT_PROFILE, "agent-there", "view", String.class, () -> "before");

        there.changed(ReadCache.Region.AGENT_PROFILE, "agent-there");
        Thread.sleep(maxAge.plusMillis(50).toMillis());

        assertThat(here.get(ReadCache.Region.AGENT_PROFILE, "agent-there", "view", String.class, () -> "after")).isEqualTo("after");
    }

    @Test
    void withoutAMaxAgeEveryReadAsksRedis() {
        var registry = new SimpleMeterRegistry();
        var node = new ReadCache(redis, json, withMemory(Duration.ZERO), registry);
        node.get(ReadCache.Region.AGENT_PROFILE, "agent-no-memory", "view", String.class, () -> "first");
        redis.delete(redis.keys(ReadCache.PREFIX + "agent-profile:agent-no-memory:*"));

        assertThat(node.get(ReadCache.Region.AGENT_PROFILE, "agent-no-memory", "view", String.class, () -> "from PostgreSQL")).isEqualTo("from PostgreSQL");
        assertThat(registry.get("cache.gets.memory").tag("cache", "agent-profile").counter().count()).isZero();
    }

    private static ReadCacheProperties withMemory(Duration maxAge) {
        return new ReadCacheProperties(true, Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(5),
                maxAge, DataSize.ofMegabytes(1));
    }

    @Test
    void withRedisUnreachableEveryReadIsLoadedAndRedisIsSkippedForAWhile() {
        var nowhere = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(200)).build());
        nowhere.afterPropertiesSet();
        try {
            var registry = new SimpleMeterRegistry();
            var unreachable = new ReadCache(new StringRedisTemplate(nowhere), json,
                    new ReadCacheProperties(true, Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(1),
                            Duration.ofSeconds(5), DataSize.ofMegabytes(1)),
                    registry);

            long started = System.nanoTime();
            assertThat(unreachable.get(ReadCache.Region.LEADERBOARD, null, "top:10", String.class, () -> "from PostgreSQL")).isEqualTo("from PostgreSQL");
            unreachable.changed(ReadCache.Region.LEADERBOARD, null);
            assertThat(unreachable.get(ReadCache.Region.LEADERBOARD, null, "top:10", String.class, () -> "again")).isEqualTo("again");

            assertThat(registry.get("cache.redis.failures").counter().count()).as("only the first read asked Redis").isEqualTo(1);
            assertThat(registry.get("cache.gets").tag("result", "miss").tag("cache", "leaderboard").counter().count()).isEqualTo(2);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            nowhere.destroy();
        }
    }
}
