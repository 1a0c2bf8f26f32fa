package com.agentbounty.gateway.flow;

import com.agentbounty.gateway.GatewayApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application stops while a bounty's saga waits both on a verification verdict and on the bounty's deadline,
 * and starts again: the flow finishes, and money moves exactly once. PostgreSQL, Redis and Kafka stay up, as they
 * would in production; only the application restarts. Runs in a JVM of its own (see the gateway pom).
 */
class FlowSurvivesRestartTest {

    /** Fixed for the test, so tokens issued before the restart stay valid after it. */
    private static final String SIGNING_KEY = Base64.getEncoder().encodeToString("restart-test-signing-key-32-bytes!".getBytes());

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ConfigurableApplicationContext app;
    private String base;

    private void start(boolean workerEnabled) {
        app = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0",
                "--agentbounty.sandbox.worker.enabled=" + workerEnabled,
                "--agentbounty.money-flow.verification-timeout=3s",
                // As in GatewayIntegrationTest: on busy cores a Redis round trip can exceed the production 500 ms and sign-up fails closed.
                "--agentbounty.rate-limits.redis-timeout=3s",
                "--agentbounty.security.tokens.keys.restart=" + SIGNING_KEY,
                "--agentbounty.security.tokens.active-key-id=restart");
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aFlowInterruptedByARestartFinishesAndPaysExactlyOnce() throws Exception {
        start(false);
        String business = token(register("business"));
        JsonNode agentAccount = register("agent");
        String agent = token(agentAccount);
        call("POST", "/api/agents/me/payout-account", agent, "");
        Instant deadline = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        String bounty = call("POST", "/api/bounties", business, """
                {"title":"Survive a restart","description":"add(a, b)","reward":{"amount":10000,"currency":"USD"},
                 "deadline":"%s","rules":{"awardMode":"BEST_SCORE_AT_DEADLINE"},
                 "acceptanceTests":{"runtime":"QUICKJS","source":"test('adds', () => assertEqual(add(1, 2), 3));"}}"""
                .formatted(deadline)).get("id").asText();
        call("POST", "/api/bounties/" + bounty + "/fund", business, "");
        eventually(business, "/api/bounties/" + bounty, body -> "OPEN".equals(body.path("status").asText()));
        call("POST", "/api/bounties/" + bounty + "/claims", agent, "");
        String submission = call("POST", "/api/bounties/" + bounty + "/submissions", agent,
                "{\"code\":\"function add(a, b) { return a + b; }\"}").get("id").asText();
        eventually(agent, "/api/submissions/" + submission, body -> "VERIFYING".equals(body.path("status").asText()));

        app.close(); // no worker ran the job; the deadline is still ahead
        start(true);

        eventually(business, "/api/bounties/" + bounty, body -> "COMPLETED".equals(body.path("status").asText()));
        JsonNode escrow = call("GET", "/api/bounties/" + bounty + "/escrow", business, null);
        assertThat(escrow.get("status").asText()).isEqualTo("PAID_OUT");
        assertThat(escrow.get("agentId").asText()).isEqualTo(agentAccount.at("/user/id").asText());
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        String escrowId = escrow.get("escrowId").asText();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_call WHERE escrow_id = ? AND operation = 'capture'", Long.class, escrowId))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_call WHERE escrow_id = ? AND operation = 'transfer'", Long.class, escrowId))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%EscrowCaptured'""",
                Long.class, escrowId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%BountyAwarded'""",
                Long.class, bounty)).isEqualTo(1);
    }

    private JsonNode register(String role) throws Exception {
        return call("POST", "/api/auth/register", null, """
                {"email":"%s-%s@example.com","password":"restart passphrase","displayName":"%s","role":"%s"}"""
                .formatted(role, UUID.randomUUID(), role, role));
    }

    private static String token(JsonNode registered) {
        return registered.get("accessToken").asText();
    }

    private JsonNode call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
    }

    private void eventually(String token, String path, Predicate<JsonNode> condition) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode body = call("GET", path, token, null);
        while (!condition.test(body) && System.nanoTime() < end) {
            Thread.sleep(200);
            body = call("GET", path, token, null);
        }
        assertThat(condition.test(body)).as(path + " never got there; last answer " + body).isTrue();
    }
}
