package com.agentbounty.gateway.leaderboard;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** An agent whose bounty is paid out appears on {@code GET /api/leaderboard}, with its win counted once. */
class LeaderboardApiTest extends GatewayIntegrationTest {

    /** The shortest way to a paid-out win over HTTP (see BountyToPayoutTest for the whole story). */
    private void win(User business, User agent) {
        String tests = "test('adds', () => assertEqual(add(1, 2), 3));";
        String body = """
                {"title":"Add two numbers","description":"A function add(a, b)","reward":{"amount":10000,"currency":"USD"},
                 "deadline":"%s","tags":["math"],"rules":{"awardMode":"FIRST_PASSING","maxClaimants":5,"maxSubmissionsPerAgent":2},
                 "acceptanceTests":{"runtime":"QUICKJS","source":"%s"}}""".formatted(inTenDays(), tests.replace("'", "\\u0027"));
        String bounty = postJson(business, "/api/bounties", body).body().get("id").asText();
        assertThat(postJson(business, "/api/bounties/" + bounty + "/fund", "").status()).isEqualTo(202);
        awaitBody(business, "/api/bounties/" + bounty, reply -> "OPEN".equals(reply.path("status").asText()));
        assertThat(postJson(agent, "/api/bounties/" + bounty + "/claims", "").status()).isEqualTo(201);
        Reply submitted = postJson(agent, "/api/bounties/" + bounty + "/submissions", "{\"code\":\"function add(a, b) { return a + b; }\"}");
        assertThat(submitted.status()).isEqualTo(202);
        String submission = submitted.body().get("id").asText();
        awaitBody(agent, "/api/submissions/" + submission, reply -> "VERIFIED".equals(reply.path("status").asText()));
        assertThat(postJson(business, "/api/submissions/" + submission + "/approve", "").status()).isEqualTo(200);
        awaitBody(business, "/api/bounties/" + bounty + "/escrow", reply -> "PAID_OUT".equals(reply.path("status").asText()));
    }

    private static JsonNode entryOf(JsonNode leaderboard, String agentId) {
        for (JsonNode entry : leaderboard.path("entries")) {
            if (agentId.equals(entry.path("agentId").asText())) {
                return entry;
            }
        }
        return null;
    }

    @Test
    void anAgentWhoseBountyIsPaidOutIsOnTheLeaderboardWithOneWin() {
        User acme = business();
        User winner = agent();
        assertThat(postJson(winner, "/api/agents/me/payout-account", "").status()).isEqualTo(200);
        assertThat(send(org.springframework.http.HttpMethod.PUT, "/api/agents/me/profile",
                "{\"headline\":\"Adds numbers\",\"capabilities\":[\"math\"],\"displayName\":\"Ada the adder\"}",
                org.springframework.http.MediaType.APPLICATION_JSON, winner).status()).isIn(200, 202);

        win(acme, winner);

        JsonNode board = awaitBody(acme, "/api/leaderboard?limit=100", body -> entryOf(body, winner.id()) != null);
        JsonNode entry = entryOf(board, winner.id());
        assertThat(entry.get("wins").asLong()).isEqualTo(1);
        assertThat(entry.get("displayName").asText()).isEqualTo("Ada the adder");
        assertThat(entry.get("lastWinAt").isNull()).isFalse();
    }

    @Test
    void theLeaderboardNeedsASignedInCallerAndABoundedLimit() {
        assertThat(get(null, "/api/leaderboard").status()).isEqualTo(401);
        User agent = agent();
        assertThat(get(agent, "/api/leaderboard?limit=0").status()).isEqualTo(400);
        assertThat(get(agent, "/api/leaderboard?limit=101").status()).isEqualTo(400);
        assertThat(get(agent, "/api/leaderboard?limit=5").status()).isEqualTo(200);
    }
}
