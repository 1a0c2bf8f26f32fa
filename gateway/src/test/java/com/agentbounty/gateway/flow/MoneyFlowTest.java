package com.agentbounty.gateway.flow;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps of the money flow over HTTP (draft and fund, claim and submit, wait for a state), for tests that drive whole
 * bounties: the flow itself (BountyToPayoutTest) and those that need its events (e.g. rebuilding projections).
 */
public abstract class MoneyFlowTest extends GatewayIntegrationTest {

    protected static final String TESTS = "test('adds', () => assertEqual(add(1, 2), 3)); test('adds negatives', () => assertEqual(add(-1, -2), -3));";
    protected static final String PASSING_CODE = "function add(a, b) { return a + b; }";
    protected static final String FAILING_CODE = "function add(a, b) { return a - b; }";

    protected String draftAndFund(User business, long amount, Instant deadline, String awardMode) {
        String body = """
                {"title":"Add two numbers","description":"A function add(a, b)","reward":{"amount":%d,"currency":"USD"},
                 "deadline":"%s","tags":["math"],"rules":{"awardMode":"%s","maxClaimants":5,"maxSubmissionsPerAgent":2},
                 "acceptanceTests":{"runtime":"QUICKJS","source":"%s"}}""".formatted(amount, deadline, awardMode, TESTS.replace("'", "\\u0027"));
        String id = postJson(business, "/api/bounties", body).body().get("id").asText();
        assertThat(postJson(business, "/api/bounties/" + id + "/fund", "").status()).isEqualTo(202);
        assertThat(eventually(business, "/api/bounties/" + id, field("status", "OPEN"))).isNotNull();
        return id;
    }

    protected User onboardedAgent() {
        User agent = agent();
        assertThat(postJson(agent, "/api/agents/me/payout-account", "").status()).isEqualTo(200);
        return agent;
    }

    protected String submit(User agent, String bountyId, String code) {
        assertThat(postJson(agent, "/api/bounties/" + bountyId + "/claims", "").status()).isEqualTo(201);
        Reply submitted = postJson(agent, "/api/bounties/" + bountyId + "/submissions", "{\"code\":\"" + code + "\"}");
        assertThat(submitted.status()).isEqualTo(202);
        return submitted.body().get("id").asText();
    }

    protected JsonNode eventually(User as, String path, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        Reply reply = get(as, path);
        while (!condition.test(reply.body()) && System.nanoTime() < deadline) {
            pause();
            reply = get(as, path);
        }
        assertThat(condition.test(reply.body())).as(path + " never got there; last answer " + reply.body()).isTrue();
        return reply.body();
    }

    protected static String download(String url) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (Exception e) {
            throw new AssertionError("download of " + url + " failed", e);
        }
    }

    protected static Predicate<JsonNode> field(String name, String value) {
        return body -> value.equals(body.path(name).asText());
    }

    protected static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
