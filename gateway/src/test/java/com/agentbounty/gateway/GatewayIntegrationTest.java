package com.agentbounty.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The whole application on the embedded PostgreSQL, Redis and Kafka, driven through HTTP. Every subclass shares
 * one Spring context (same configuration), so the suite starts the application once. Metrics export stays on
 * (Spring Boot turns it off in tests by default) because {@code /api/metrics} is part of what is tested.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agentbounty.security.bootstrap-admin.email=" + GatewayIntegrationTest.ADMIN_EMAIL,
        "agentbounty.security.bootstrap-admin.password=" + GatewayIntegrationTest.ADMIN_PASSWORD,
        // Every test signs users up from 127.0.0.1; RateLimitTest checks the limits themselves in its own context.
        "agentbounty.rate-limits.limits.auth.requests=100000",
        "agentbounty.rate-limits.limits.api.requests=100000",
        // On two busy cores a Redis round trip can exceed the production 500 ms; sign-in would then fail closed.
        "agentbounty.rate-limits.redis-timeout=3s",
        // Stripe's webhook endpoint is verified with this secret (StripeWebhookTest signs with it); payments stay simulated.
        "agentbounty.payments.stripe.webhook-secret=" + GatewayIntegrationTest.STRIPE_WEBHOOK_SECRET})
@AutoConfigureObservability(tracing = false)
public abstract class GatewayIntegrationTest {

    protected static final String ADMIN_EMAIL = "first-admin@example.com";
    protected static final String ADMIN_PASSWORD = "only-for-this-test-run";
    protected static final String STRIPE_WEBHOOK_SECRET = "whsec_only_for_this_test_run";

    @Autowired
    protected TestRestTemplate http;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected ObjectMapper json;

    public record Reply(int status, JsonNode body, HttpHeaders headers) {
    }

    /** A signed-up user and the tokens it got. */
    public record User(String id, String accessToken, String refreshToken) {
    }

    protected User signUp(String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.com";
        Reply reply = send(HttpMethod.POST, "/api/auth/register", """
                {"email":"%s","password":"correct horse battery","displayName":"%s","role":"%s"}""".formatted(email, role, role),
                MediaType.APPLICATION_JSON, null);
        if (reply.status() != 201) {
            throw new AssertionError("sign-up failed: " + reply);
        }
        return new User(reply.body().at("/user/id").asText(), reply.body().get("accessToken").asText(), reply.body().get("refreshToken").asText());
    }

    protected Reply login(String email, String password) {
        return send(HttpMethod.POST, "/api/auth/login", """
                {"email":"%s","password":"%s"}""".formatted(email, password), MediaType.APPLICATION_JSON, null);
    }

    protected User admin() {
        Reply reply = login(ADMIN_EMAIL, ADMIN_PASSWORD);
        return new User(null, reply.body().get("accessToken").asText(), reply.body().get("refreshToken").asText());
    }

    protected User business() {
        return signUp("business");
    }

    protected User agent() {
        return signUp("agent");
    }

    protected Reply send(HttpMethod method, String path, String body, MediaType contentType, User as) {
        HttpHeaders headers = new HttpHeaders();
        if (contentType != null) {
            headers.setContentType(contentType);
        }
        if (as != null) {
            headers.setBearerAuth(as.accessToken());
        }
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        try {
            JsonNode parsed = response.getBody() == null ? json.nullNode() : json.readTree(response.getBody());
            return new Reply(response.getStatusCode().value(), parsed, response.getHeaders());
        } catch (Exception e) {
            throw new AssertionError("Not JSON (" + response.getStatusCode() + "): " + response.getBody(), e);
        }
    }

    protected Reply postJson(User as, String path, String body) {
        return send(HttpMethod.POST, path, body, MediaType.APPLICATION_JSON, as);
    }

    protected Reply get(User as, String path) {
        return send(HttpMethod.GET, path, null, null, as);
    }

    /** A valid draft body; {@code title} makes each bounty recognisable. */
    protected static String bountyJson(String title, long amount, String currency) {
        return """
                {"title":"%s","description":"Extract totals from invoices","reward":{"amount":%d,"currency":"%s"},
                 "deadline":"%s","tags":["pdf","parsing"],
                 "acceptanceTests":{"runtime":"QUICKJS","source":"test('adds', () => assertEqual(add(1, 2), 3));"}}"""
                .formatted(title, amount, currency, inTenDays());
    }

    protected static String inTenDays() {
        return Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The agent claims the bounty and submits {@code code} (no double quotes in it); answers the submission's id. */
    protected String claimAndSubmit(User agent, String bountyId, String code) {
        if (postJson(agent, "/api/bounties/" + bountyId + "/claims", "").status() != 201) {
            throw new AssertionError("claim refused");
        }
        Reply submitted = postJson(agent, "/api/bounties/" + bountyId + "/submissions", "{\"code\":\"" + code + "\"}");
        if (submitted.status() != 202) {
            throw new AssertionError("submission refused: " + submitted);
        }
        return submitted.body().get("id").asText();
    }

    protected long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
