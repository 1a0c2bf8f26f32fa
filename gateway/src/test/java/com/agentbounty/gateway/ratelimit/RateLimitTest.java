package com.agentbounty.gateway.ratelimit;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.agentbounty.gateway.security.SigningKeys;
import com.agentbounty.gateway.security.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With small budgets: the limit holds, says when to come back, and counts per user. */
@DirtiesContext
@TestPropertySource(properties = {
        // A second application in the same JVM: it must not take Kafka work (verification jobs and results) away
        // from the main test application, whose tests wait for it.
        "agentbounty.sandbox.worker.enabled=false", "spring.kafka.listener.auto-startup=false",
        "agentbounty.rate-limits.key-prefix=ratelimit-test",
        "agentbounty.rate-limits.limits.auth.requests=4",
        "agentbounty.rate-limits.limits.api.requests=5"})
class RateLimitTest extends GatewayIntegrationTest {

    @Autowired
    SigningKeys signingKeys;

    @Test
    void signInAttemptsBeyondTheBudgetAre429WithRetryAfter() {
        Reply last = null;
        for (int i = 0; i < 5; i++) {
            last = login("nobody@example.com", "whatever password");
        }

        assertThat(last.status()).isEqualTo(429);
        assertThat(last.body().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(last.headers().getFirst("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void theApiBudgetIsPerUserSoOneBusyClientDoesNotStopAnother() {
        User busy = userWithToken("busy-user");
        User calm = userWithToken("calm-user");
        for (int i = 0; i < 5; i++) {
            assertThat(get(busy, "/api/bounties").status()).isEqualTo(200);
        }

        assertThat(get(busy, "/api/bounties").status()).isEqualTo(429);
        assertThat(get(calm, "/api/bounties").status()).isEqualTo(200);
        assertThat(get(busy, "/api/health").status()).as("probes are never limited").isEqualTo(200);
    }

    /** Minted directly: signing up would spend the small sign-in budget this test sets. */
    private User userWithToken(String subject) {
        return new User(subject, TestTokens.signed(claims -> claims.subject(subject), "at+jwt", TestTokens.activeKey(signingKeys)), null);
    }
}
