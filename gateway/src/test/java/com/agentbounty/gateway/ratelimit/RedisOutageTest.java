package com.agentbounty.gateway.ratelimit;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.agentbounty.gateway.security.SigningKeys;
import com.agentbounty.gateway.security.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis unreachable (this context points at a port where nothing listens): the API keeps answering, while sign-in
 * refuses with 503 rather than run without brute-force protection. Neither waits long.
 */
@DirtiesContext
@TestPropertySource(properties = {
        "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1",
        // A second application in the same JVM: it must not take Kafka work (verification jobs and results) away
        // from the main test application, whose tests wait for it.
        "agentbounty.sandbox.worker.enabled=false", "spring.kafka.listener.auto-startup=false"})
class RedisOutageTest extends GatewayIntegrationTest {

    @Autowired
    SigningKeys signingKeys;

    @Test
    void readsStillAnswerWhenTheRateLimiterCannotReachRedis() {
        User reader = new User("reader", TestTokens.signed(claims -> claims.subject("reader"), "at+jwt", TestTokens.activeKey(signingKeys)), null);
        long started = System.nanoTime();

        Reply reply = get(reader, "/api/bounties");

        assertThat(reply.status()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
    }

    @Test
    void signInFailsClosedWhenTheRateLimiterCannotReachRedis() {
        Reply reply = login("someone@example.com", "some password at all");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("RATE_LIMITER_UNAVAILABLE");
        assertThat(reply.headers().getFirst("Retry-After")).isNotBlank();
    }
}
