package com.agentbounty.gateway.ratelimit;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket's script in the embedded Redis: the budget holds, refills with time, says how long to wait, and gives several tokens only while it holds them. */
class RedisBucketsTest extends GatewayIntegrationTest {

    @Autowired
    RedisBuckets buckets;

    @Test
    void aBucketGivesItsCapacityThenRefusesSayingWhenTheNextTokenComesAndThenGivesIt() throws Exception {
        String key = "ratelimit-bucket-test:" + UUID.randomUUID();
        var threePerSecond = new RateLimitProperties.Limit(3, Duration.ofSeconds(1));

        for (long left = 2; left >= 0; left--) {
            RedisBuckets.Grant taken = buckets.take(key, threePerSecond, 1).orElseThrow();
            assertThat(taken.tokens()).isEqualTo(1);
            assertThat(taken.remaining()).isEqualTo(left);
        }
        RedisBuckets.Grant refused = buckets.take(key, threePerSecond, 1).orElseThrow();

        assertThat(refused.tokens()).isZero();
        // One token every 333 ms; a little of that has passed since the first request.
        assertThat(Duration.ofNanos(refused.nanosToWait())).isPositive().isLessThanOrEqualTo(Duration.ofMillis(334));
        Thread.sleep(Duration.ofNanos(refused.nanosToWait()).toMillis() + 20);
        assertThat(buckets.take(key, threePerSecond, 1).orElseThrow().tokens()).as("refilled by then").isEqualTo(1);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        var one = new RateLimitProperties.Limit(1, Duration.ofMinutes(1));
        String first = "ratelimit-bucket-test:" + UUID.randomUUID();

        assertThat(buckets.take(first, one, 1).orElseThrow().tokens()).isEqualTo(1);
        assertThat(buckets.take(first, one, 1).orElseThrow().tokens()).isZero();
        assertThat(buckets.take("ratelimit-bucket-test:" + UUID.randomUUID(), one, 1).orElseThrow().tokens()).isEqualTo(1);
    }

    @Test
    void aCallForSeveralTokensGetsWhatTheBucketHoldsAndNeverMore() {
        String key = "ratelimit-bucket-test:" + UUID.randomUUID();
        var tenPerMinute = new RateLimitProperties.Limit(10, Duration.ofMinutes(1));

        RedisBuckets.Grant four = buckets.take(key, tenPerMinute, 4).orElseThrow();
        RedisBuckets.Grant rest = buckets.take(key, tenPerMinute, 8).orElseThrow();

        assertThat(four.tokens()).isEqualTo(4);
        assertThat(four.remaining()).isEqualTo(6);
        assertThat(rest.tokens()).as("the six left, not the eight asked for").isEqualTo(6);
        assertThat(rest.remaining()).isZero();
        assertThat(buckets.take(key, tenPerMinute, 8).orElseThrow().tokens()).isZero();
    }
}
