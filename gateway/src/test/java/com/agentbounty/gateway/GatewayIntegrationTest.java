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
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

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
        // Likewise the read cache's: a slow answer would only skip the cache, but tests count its hits.
        "spring.data.redis.timeout=3s",
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

    // --- whole bounties over HTTP (the sandbox-worker verifies the code for real)

    protected static final String TESTS = "test('adds', () => assertEqual(add(1, 2), 3)); test('adds negatives', () => assertEqual(add(-1, -2), -3));";
    protected static final String PASSING_CODE = "function add(a, b) { return a + b; }";
    protected static final String FAILING_CODE = "function add(a, b) { return a - b; }";

    /** Drafts a bounty with {@link #TESTS}, funds it and waits until it is open; its id. */
    protected String draftAndFund(User business, long amount, String currency, String tag, Instant deadline, String awardMode) {
        String body = """
                {"title":"Add two numbers","description":"A function add(a, b)","reward":{"amount":%d,"currency":"%s"},
                 "deadline":"%s","tags":["%s"],"rules":{"awardMode":"%s","maxClaimants":5,"maxSubmissionsPerAgent":2},
                 "acceptanceTests":{"runtime":"QUICKJS","source":"%s"}}""".formatted(amount, currency, deadline, tag, awardMode,
                TESTS.replace("'", "\\u0027"));
        String id = postJson(business, "/api/bounties", body).body().get("id").asText();
        assertThat(postJson(business, "/api/bounties/" + id + "/fund", "").status()).isEqualTo(202);
        assertThat(awaitBody(business, "/api/bounties/" + id, field("status", "OPEN"))).isNotNull();
        return id;
    }

    protected User onboardedAgent() {
        User agent = agent();
        assertThat(postJson(agent, "/api/agents/me/payout-account", "").status()).isEqualTo(200);
        return agent;
    }

    /** Claims the bounty and submits {@code code}; the submission's id. */
    protected String submit(User agent, String bountyId, String code) {
        assertThat(postJson(agent, "/api/bounties/" + bountyId + "/claims", "").status()).isEqualTo(201);
        Reply submitted = postJson(agent, "/api/bounties/" + bountyId + "/submissions", "{\"code\":\"" + code + "\"}");
        assertThat(submitted.status()).isEqualTo(202);
        return submitted.body().get("id").asText();
    }

    /** GETs {@code path} until {@code condition} holds (at most 40 s) and answers that body; fails otherwise. */
    protected JsonNode awaitBody(User as, String path, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        Reply reply = get(as, path);
        while (!condition.test(reply.body()) && System.nanoTime() < deadline) {
            pause();
            reply = get(as, path);
        }
        assertThat(condition.test(reply.body())).as(path + " never got there; last answer " + reply.body()).isTrue();
        return reply.body();
    }

    protected static Predicate<JsonNode> field(String name, String value) {
        return body -> value.equals(body.path(name).asText());
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bounty that {@code agent} won and was paid for, and the winning submission. */
    public record Win(String bountyId, String submissionId) {
    }

    /** The shortest way to a paid-out win over HTTP (see BountyToPayoutTest for the whole story). */
    protected Win win(User business, User agent) {
        String bounty = draftAndFund(business, 10000, "USD", "math", Instant.parse(inTenDays()), "FIRST_PASSING");
        String submission = submit(agent, bounty, PASSING_CODE);
        awaitBody(agent, "/api/submissions/" + submission, field("status", "VERIFIED"));
        assertThat(postJson(business, "/api/submissions/" + submission + "/approve", "").status()).isEqualTo(200);
        awaitBody(business, "/api/bounties/" + bounty + "/escrow", field("status", "PAID_OUT"));
        return new Win(bounty, submission);
    }

    protected long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
