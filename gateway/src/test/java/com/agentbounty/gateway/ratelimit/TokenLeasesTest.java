package com.agentbounty.gateway.ratelimit;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases of tokens against the embedded Redis, with nodes of their own (each its own Redis connection, as separate
 * application instances would have): a busy caller is spared round trips, never let through beyond its budget.
 */
class TokenLeasesTest extends GatewayIntegrationTest {

    /** 0.1 % of it is 10: the largest batch. Refills one token every 8.6 s, so a test sees at most one more. */
    private static final RateLimitProperties.Limit TEN_THOUSAND_PER_DAY = new RateLimitProperties.Limit(10_000, Duration.ofDays(1));

    @Autowired
    RedisConnectionDetails redis;

    @Autowired
    RateLimitProperties properties;

    private final List<CountedBuckets> nodes = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void closeNodes() {
        nodes.forEach(RedisBuckets::close);
    }

    @Test
    void aBusyCallerSpendsItsWholeBudgetWithATenthOfTheRoundTripsAndNotOneRequestMore() {
        CountedBuckets buckets = node();
        TokenLeases leases = new TokenLeases(buckets, meters);
        String caller = caller();

        long letThrough = 0;
        TokenLeases.Outcome outcome;
        while ((outcome = leases.tryConsume(caller, TEN_THOUSAND_PER_DAY, false).orElseThrow()).taken()) {
            letThrough++;
        }

        // At most one more refilled meanwhile. A pause of over 100 ms (a busy machine) ends a lease unspent: every token
        // taken is let through or counted as unspent.
        assertThat(letThrough + (long) unspent()).isBetween(10_000L, 10_001L);
        assertThat(letThrough).isGreaterThan(9_800L);
        assertThat(buckets.roundTrips.get()).as("round trips for %d requests", letThrough).isLessThan(1_100);
        assertThat(Duration.ofNanos(outcome.nanosToWait())).as("told when the next token comes")
                .isPositive().isLessThanOrEqualTo(Duration.ofMillis(8_640));
    }

    @Test
    void callersHittingTwoNodesAtOnceAreNeverLetThroughMoreThanTheirBudget() throws Exception {
        // Leases of 2 s: on a machine busy enough to stall a thread for 100 ms, unspent leases would blur the count.
        Duration lifetime = Duration.ofSeconds(2);
        List<TokenLeases> twoNodes = List.of(new TokenLeases(node(), meters, lifetime), new TokenLeases(node(), meters, lifetime));
        String caller = caller();
        AtomicLong letThrough = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                TokenLeases node = twoNodes.get(client % 2);
                work.add(() -> {
                    for (int request = 0; request < 1_500; request++) {
                        if (node.tryConsume(caller, TEN_THOUSAND_PER_DAY, false).orElseThrow().taken()) {
                            letThrough.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> done : clients.invokeAll(work)) {
                done.get();
            }
        } finally {
            clients.shutdownNow();
        }

        // 12,000 attempts against 10,000 tokens: never more (but the one refill). Requests that renewed a lease at the
        // same moment carry each other's tokens over, so none is lost.
        assertThat(letThrough.get()).isBetween(9_970L, 10_001L);
    }

    @Test
    void aQuietCallerTheCredentialLimitersAndSmallBudgetsTakeOneTokenPerRequest() throws Exception {
        CountedBuckets buckets = node();
        TokenLeases leases = new TokenLeases(buckets, meters);
        String quiet = caller();
        for (int request = 0; request < 3; request++) {
            assertThat(leases.tryConsume(quiet, TEN_THOUSAND_PER_DAY, false).orElseThrow().taken()).isTrue();
            Thread.sleep(TokenLeases.LIFETIME.toMillis() + 50);
        }
        assertThat(buckets.roundTrips.get()).as("one round trip per request, a pause longer than a lease between them").isEqualTo(3);

        String signIns = caller();
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(leases.tryConsume(signIns, TEN_THOUSAND_PER_DAY, true).orElseThrow().remaining()).isEqualTo(9_999 - attempt);
        }
        assertThat(buckets.roundTrips.get()).as("every attempt counted in Redis as it is made").isEqualTo(23);

        var defaultApiBudget = new RateLimitProperties.Limit(300, Duration.ofMinutes(1));
        String busyAtTheDefault = caller();
        for (int request = 0; request < 50; request++) {
            assertThat(leases.tryConsume(busyAtTheDefault, defaultApiBudget, false).orElseThrow().taken()).isTrue();
        }
        assertThat(buckets.roundTrips.get()).as("a budget under 2,000 is counted request by request").isEqualTo(73);
    }

    @Test
    void tokensALeaseStillHeldWhenItsCallerFellQuietAreCountedAsUnspent() throws Exception {
        var tenThousandPerMonth = new RateLimitProperties.Limit(10_000, Duration.ofDays(30)); // no refill within the test
        Duration lifetime = Duration.ofSeconds(1); // far longer than two calls take, even on a busy machine
        TokenLeases leases = new TokenLeases(node(), meters, lifetime);
        String caller = caller();
        for (int request = 0; request < 2; request++) { // batches of 1, then 2: one token of the second is left
            assertThat(leases.tryConsume(caller, tenThousandPerMonth, false).orElseThrow().taken()).isTrue();
        }
        assertThat(unspent()).isZero();

        Thread.sleep(lifetime.toMillis() + 50);
        TokenLeases.Outcome afterThePause = leases.tryConsume(caller, tenThousandPerMonth, false).orElseThrow();

        assertThat(afterThePause.taken()).isTrue();
        assertThat(afterThePause.remaining()).as("10,000 less the 1 + 2 + 1 taken from the bucket").isEqualTo(9_996);
        assertThat(unspent()).isEqualTo(1);
    }

    private double unspent() {
        return meters.get("ratelimit.lease.unspent").counter().count();
    }

    private CountedBuckets node() {
        CountedBuckets node = new CountedBuckets(redis, properties);
        nodes.add(node);
        return node;
    }

    private static String caller() {
        return "ratelimit-lease-test:" + UUID.randomUUID();
    }

    /** One application instance's buckets, counting its round trips to Redis. */
    private static final class CountedBuckets extends RedisBuckets {
        final AtomicLong roundTrips = new AtomicLong();

        CountedBuckets(RedisConnectionDetails redis, RateLimitProperties properties) {
            super(redis, properties);
        }

        @Override
        Optional<Grant> take(String key, RateLimitProperties.Limit limit, long wanted) {
            roundTrips.incrementAndGet();
            return super.take(key, limit, wanted);
        }
    }
}
