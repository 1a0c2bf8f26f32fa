package com.agentbounty.gateway.ratelimit;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket's script in the embedded Redis: the budget holds, refills with time, and says how long to wait. */
class RedisBucketsTest extends GatewayIntegrationTest {

    @Autowired
    RedisBuckets buckets;

    @Test
    void aBucketGivesItsCapacityThenRefusesSayingWhenTheNextTokenComesAndThenGivesIt() throws Exception {
        String key = "ratelimit-bucket-test:" + UUID.randomUUID();
        var threePerSecond = new RateLimitProperties.Limit(3, Duration.ofSeconds(1));

        for (long left = 2; left >= 0; left--) {
            RedisBuckets.Outcome taken = buckets.tryConsume(key, threePerSecond).orElseThrow();
            assertThat(taken.taken()).isTrue();
            assertThat(taken.remaining()).isEqualTo(left);
        }
        RedisBuckets.Outcome refused = buckets.tryConsume(key, threePerSecond).orElseThrow();

        assertThat(refused.taken()).isFalse();
        // One token every 333 ms; a little of that has passed since the first request.
        assertThat(Duration.ofNanos(refused.nanosToWait())).isPositive().isLessThanOrEqualTo(Duration.ofMillis(334));
        Thread.sleep(Duration.ofNanos(refused.nanosToWait()).toMillis() + 20);
        assertThat(buckets.tryConsume(key, threePerSecond).orElseThrow().taken()).as("refilled by then").isTrue();
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        var one = new RateLimitProperties.Limit(1, Duration.ofMinutes(1));
        String first = "ratelimit-bucket-test:" + UUID.randomUUID();

        assertThat(buckets.tryConsume(first, one).orElseThrow().taken()).isTrue();
        assertThat(buckets.tryConsume(first, one).orElseThrow().taken()).isFalse();
        assertThat(buckets.tryConsume("ratelimit-bucket-test:" + UUID.randomUUID(), one).orElseThrow().taken()).isTrue();
    }
}
