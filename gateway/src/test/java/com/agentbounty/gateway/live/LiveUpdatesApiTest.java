package com.agentbounty.gateway.live;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.agentbounty.gateway.security.SigningKeys;
import com.agentbounty.gateway.security.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Date;
import java.util.function.Predicate;

import static com.agentbounty.gateway.live.LiveClient.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/ws} over a real socket: who may connect, what each client receives when bounties, submissions and the
 * leaderboard change through the REST API, and what it never receives.
 */
class LiveUpdatesApiTest extends GatewayIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys signingKeys;

    @Test
    void aHandshakeWithoutAValidAccessTokenIsRefused() {
        assertThat(LiveClient.handshakeStatus(() -> LiveClient.open(HttpClient.newHttpClient().newWebSocketBuilder(), port))).isEqualTo(401);
        assertThat(LiveClient.handshakeStatus(() -> LiveClient.connect(port, "not-a-token"))).isEqualTo(401);
        String expired = TestTokens.signed(claims -> claims.subject(business().id()).expirationTime(Date.from(Instant.now().minusSeconds(60))),
                "at+jwt", TestTokens.activeKey(signingKeys));
        assertThat(LiveClient.handshakeStatus(() -> LiveClient.connect(port, expired))).isEqualTo(401);
        assertThat(LiveClient.handshakeStatus(() -> LiveClient.connectWithHeader(port, expired))).isEqualTo(401);
    }

    @Test
    void aHandshakeFromAPageOfAnotherSiteIsRefusedEvenWithAValidLogin() {
        User agent = agent();
        assertThat(LiveClient.handshakeStatus(() -> LiveClient.open(HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + agent.accessToken()).header("Origin", "https://evil.example"), port))).isEqualTo(403);
    }

    @Test
    void aClientConnectsWithItsAccessTokenInTheSubprotocolOrTheAuthorizationHeader() {
        User agent = agent();
        try (LiveClient browser = LiveClient.connect(port, agent.accessToken());
             LiveClient apiClient = LiveClient.connectWithHeader(port, agent.accessToken())) {
            assertThat(browser.subprotocol()).as("the token is never echoed").isEqualTo(LiveUpdatesHandler.PROTOCOL);
            browser.send("{\"type\":\"ping\"}");
            apiClient.send("{\"type\":\"ping\"}");

            assertThat(browser.next(message -> "pong".equals(message.path("type").asText()))).isNotNull();
            assertThat(apiClient.next(message -> "pong".equals(message.path("type").asText()))).isNotNull();
        }
    }

    @Test
    void theBusinessReceivesItsBountysStatusChangesAndNewSubmissions() {
        User acme = business();
        User ada = agent();
        String bounty = draft(acme);
        String submissions = "bounties/" + bounty + "/submissions";
        try (LiveClient live = LiveClient.connect(port, acme.accessToken())) {
            assertThat(live.subscribe("bounties/" + bounty).path("type").asText()).isEqualTo("subscribed");
            assertThat(live.subscribe(submissions).path("type").asText()).isEqualTo("subscribed");

            assertThat(postJson(acme, "/api/bounties/" + bounty + "/fund", "").status()).isEqualTo(202);
            JsonNode opened = live.next(update("bounty.changed", "bounties/" + bounty).and(status("OPEN")));
            assertThat(opened.at("/payload/id").asText()).isEqualTo(bounty);
            assertThat(opened.at("/payload/businessId").asText()).isEqualTo(acme.id());

            String submission = submit(ada, bounty, "function add(a, b) { return a + b; }");
            JsonNode received = live.next(update("submission.changed", submissions).and(payloadId(submission)));
            assertThat(received.at("/payload/agentId").asText()).isEqualTo(ada.id());
            JsonNode verified = live.next(update("submission.changed", submissions).and(payloadId(submission)).and(status("VERIFIED")));
            assertThat(verified.at("/payload/passed").asBoolean()).isTrue();
        }
    }

    @Test
    void anAgentNeverReceivesACompetitorsSubmissionOrItsVerdict() {
        User acme = business();
        User ada = agent();
        User bob = agent();
        String bounty = openBounty(acme);
        String submissions = "bounties/" + bounty + "/submissions";
        try (LiveClient adaLive = LiveClient.connect(port, ada.accessToken()); LiveClient bobLive = LiveClient.connect(port, bob.accessToken())) {
            assertThat(adaLive.subscribe(submissions).path("type").asText()).isEqualTo("subscribed");
            assertThat(bobLive.subscribe(submissions).path("type").asText()).isEqualTo("subscribed");

            String adas = submit(ada, bounty, "function add(a, b) { return a + b; }");
            adaLive.next(update("submission.changed", submissions).and(payloadId(adas)).and(status("VERIFIED")));
            // Bob's own verdict comes after Ada's on the same ordered path: had hers been sent to him, it would be here by now.
            String bobs = submit(bob, bounty, "function add(a, b) { return a - b; }");
            JsonNode bobsVerdict = bobLive.next(update("submission.changed", submissions).and(payloadId(bobs)).and(status("VERIFIED")));

            assertThat(bobsVerdict.at("/payload/passed").asBoolean()).isFalse();
            assertThat(bobLive.received()).noneMatch(message -> ada.id().equals(message.at("/payload/agentId").asText()));
            assertThat(adaLive.received()).noneMatch(message -> bob.id().equals(message.at("/payload/agentId").asText()));
        }
    }

    @Test
    void aSubscriptionToWhatTheClientMayNotSeeIsAnsweredWithAnErrorAndNeverWithData() {
        User acme = business();
        User rival = business();
        String draft = draft(acme);
        try (LiveClient owner = LiveClient.connect(port, acme.accessToken()); LiveClient other = LiveClient.connect(port, rival.accessToken())) {
            assertThat(other.subscribe("bounties/" + draft).at("/error/code").asText()).isEqualTo("NOT_FOUND");
            assertThat(other.subscribe("bounties/" + draft + "/submissions").at("/error/code").asText()).isEqualTo("NOT_FOUND");
            assertThat(other.subscribe("bounties/../admin").at("/error/code").asText()).isEqualTo("UNKNOWN_TOPIC");
            assertThat(other.subscribe("bounties").path("type").asText()).isEqualTo("subscribed");
            assertThat(owner.subscribe("bounties").path("type").asText()).isEqualTo("subscribed");

            Reply revised = send(HttpMethod.PUT, "/api/bounties/" + draft, bountyJson("Revised in private", 20_000, "USD"),
                    MediaType.APPLICATION_JSON, acme);
            assertThat(revised.status()).isEqualTo(200);
            owner.next(update("bounty.changed", "bounties").and(payloadId(draft)).and(message -> "Revised in private".equals(message.at("/payload/title").asText())));
            assertThat(postJson(acme, "/api/bounties/" + draft + "/fund", "").status()).isEqualTo(202);
            // Once funded the bounty is public, and its changes reach the rival too; the draft's never did.
            other.next(update("bounty.changed", "bounties").and(payloadId(draft)).and(status("OPEN")));
            assertThat(other.received()).noneMatch(message -> "DRAFT".equals(message.at("/payload/status").asText()));
            assertThat(other.subscribe("bounties/" + draft + "/submissions").at("/error/code").asText())
                    .as("a business never watches another's submissions").isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void aLeaderboardChangeReachesEverySignedInClient() {
        User acme = business();
        User ada = agent();
        User watcher = business();
        try (LiveClient live = LiveClient.connect(port, watcher.accessToken())) {
            assertThat(live.subscribe("leaderboard").path("type").asText()).isEqualTo("subscribed");

            assertThat(postJson(ada, "/api/agents/me/payout-account", "").status()).isEqualTo(200);
            String bounty = openBounty(acme);
            String submission = submit(ada, bounty, "function add(a, b) { return a + b; }");
            eventually(ada, "/api/submissions/" + submission, status("VERIFIED"));
            assertThat(postJson(acme, "/api/submissions/" + submission + "/approve", "").status()).isEqualTo(200);

            JsonNode standing = live.next(update("leaderboard.changed", "leaderboard").and(message -> ada.id().equals(message.at("/payload/agentId").asText())));
            assertThat(standing.at("/payload/wins").asLong()).isEqualTo(1);
        }
    }

    private String draft(User business) {
        return postJson(business, "/api/bounties", bountyJson("Live " + System.nanoTime(), 10_000, "USD")).body().get("id").asText();
    }

    private String openBounty(User business) {
        String bounty = draft(business);
        assertThat(postJson(business, "/api/bounties/" + bounty + "/fund", "").status()).isEqualTo(202);
        eventually(business, "/api/bounties/" + bounty, status("OPEN"));
        return bounty;
    }

    private void eventually(User as, String path, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + LiveClient.PATIENCE.toNanos();
        while (!condition.test(get(as, path).body())) {
            assertThat(System.nanoTime()).as(path + " never got there").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Matches a live message's payload, or a REST answer's body, by status. */
    private static Predicate<JsonNode> status(String status) {
        return node -> status.equals(node.has("payload") ? node.at("/payload/status").asText() : node.path("status").asText());
    }

    private static Predicate<JsonNode> payloadId(String id) {
        return message -> id.equals(message.at("/payload/id").asText());
    }
}
