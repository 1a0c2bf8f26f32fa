package com.agentbounty.gateway.cache;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read cache seen from outside: a repeated read is a hit (counted at /api/metrics), and a change made through
 * the API shows in the very next read, because the projection that applies it retires the cached answer.
 */
class ReadCacheApiTest extends GatewayIntegrationTest {

    private static final Pattern CACHE_GETS = Pattern.compile("^cache_gets_total\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);

    private double gets(String cache, String result) {
        String metrics = http.getForEntity("/api/metrics", String.class).getBody();
        Matcher line = CACHE_GETS.matcher(metrics);
        while (line.find()) {
            if (line.group(1).contains("cache=\"" + cache + "\"") && line.group(1).contains("result=\"" + result + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        throw new AssertionError("no cache_gets_total for " + cache + "/" + result + " at /api/metrics");
    }

    private ResponseEntity<String> raw(User as, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(as.accessToken());
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    /**
     * Reads {@code path} twice and checks the second read was a hit, answered with the very bytes and content type of
     * the first (a cached listing page is sent as stored, unparsed). Tries again (at most five times) when another
     * test's activity changed the same region between the two reads, which rightly makes the second one a miss.
     */
    private Reply twiceCountingAHit(User as, String path, String cache) {
        double misses = gets(cache, "miss");
        for (int attempt = 0; attempt < 5; attempt++) {
            ResponseEntity<String> first = raw(as, path);
            assertThat(first.getStatusCode().value()).isEqualTo(200);
            double hits = gets(cache, "hit");
            ResponseEntity<String> second = raw(as, path);
            if (gets(cache, "hit") > hits) {
                assertThat(second.getBody()).isEqualTo(first.getBody());
                assertThat(second.getHeaders().getContentType()).isEqualTo(first.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
                assertThat(gets(cache, "hit")).as("one read counts once").isEqualTo(hits + 1);
                assertThat(gets(cache, "miss")).as("the first read loads").isGreaterThan(misses);
                return get(as, path);
            }
        }
        throw new AssertionError("five repeated reads of " + path + " and not one hit in " + cache);
    }

    @Test
    void aCachedBountyDetailShowsARevisionInTheNextRead() {
        User acme = business();
        String id = postJson(acme, "/api/bounties", bountyJson("Before the revision", 1_000, "USD")).body().get("id").asText();
        twiceCountingAHit(acme, "/api/bounties/" + id, "bounty-detail");

        Reply revised = send(HttpMethod.PUT, "/api/bounties/" + id, bountyJson("After the revision", 1_500, "USD"), MediaType.APPLICATION_JSON, acme);
        assertThat(revised.status()).isEqualTo(200);

        JsonNode detail = get(acme, "/api/bounties/" + id).body();
        assertThat(detail.get("title").asText()).isEqualTo("After the revision");
        assertThat(detail.at("/reward/amount").asLong()).isEqualTo(1_500);
    }

    @Test
    void aCachedDraftsDetailIsNeverSentToAnotherViewer() {
        User acme = business();
        String id = postJson(acme, "/api/bounties", bountyJson("Acme's draft", 1_000, "USD")).body().get("id").asText();
        twiceCountingAHit(acme, "/api/bounties/" + id, "bounty-detail");

        assertThat(get(agent(), "/api/bounties/" + id).status()).isEqualTo(404);
        assertThat(get(business(), "/api/bounties/" + id).status()).isEqualTo(404);
    }

    @Test
    void aCachedListingPageShowsANewBountyInTheNextRead() {
        User acme = business();
        String marker = "cache-" + UUID.randomUUID().toString().substring(0, 8);
        String body = bountyJson("Listed first", 1_000, "EUR").replace("[\"pdf\",\"parsing\"]", "[\"" + marker + "\"]");
        postJson(acme, "/api/bounties", body);
        String page = "/api/bounties?tags=" + marker;
        assertThat(twiceCountingAHit(acme, page, "bounty-listing").body().get("data")).hasSize(1);

        postJson(acme, "/api/bounties", body.replace("Listed first", "Listed second"));

        assertThat(get(acme, page).body().get("data")).hasSize(2);
    }

    @Test
    void aBusinessesCachedPageWithItsDraftNeverReachesOtherViewers() {
        User acme = business();
        String marker = "draft-" + UUID.randomUUID().toString().substring(0, 8);
        postJson(acme, "/api/bounties", bountyJson("Acme's draft", 1_000, "EUR").replace("[\"pdf\",\"parsing\"]", "[\"" + marker + "\"]"));
        String page = "/api/bounties?tags=" + marker;
        assertThat(twiceCountingAHit(acme, page, "bounty-listing").body().get("data")).hasSize(1);

        assertThat(get(agent(), page).body().get("data")).isEmpty();
        assertThat(get(business(), page).body().get("data")).isEmpty();
    }

    @Test
    void aCachedAgentProfileShowsAnUpdateInTheNextRead() {
        User ada = agent();
        String profile = "{\"headline\":\"%s\",\"capabilities\":[\"math\"],\"displayName\":\"Ada\"}";
        assertThat(send(HttpMethod.PUT, "/api/agents/me/profile", profile.formatted("Adds numbers"), MediaType.APPLICATION_JSON, ada).status()).isEqualTo(200);
        twiceCountingAHit(business(), "/api/agents/" + ada.id(), "agent-profile");

        assertThat(send(HttpMethod.PUT, "/api/agents/me/profile", profile.formatted("Multiplies too"), MediaType.APPLICATION_JSON, ada).status()).isEqualTo(200);

        assertThat(get(business(), "/api/agents/" + ada.id()).body().get("headline").asText()).isEqualTo("Multiplies too");
    }

    @Test
    void aCachedLeaderboardShowsANewWinner() {
        User winner = agent();
        assertThat(postJson(winner, "/api/agents/me/payout-account", "").status()).isEqualTo(200);
        User acme = business();
        twiceCountingAHit(acme, "/api/leaderboard?limit=100", "leaderboard");

        win(acme, winner);

        // The projection applies the payout a moment after the escrow view shows it; never a minute (the TTL) later.
        awaitBody(acme, "/api/leaderboard?limit=100", board -> board.toString().contains(winner.id()));
    }
}
