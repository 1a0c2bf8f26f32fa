package com.agentbounty.gateway.leaderboard;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent whose bounty is paid out appears on {@code GET /api/leaderboard}, with its win counted once. */
class LeaderboardApiTest extends GatewayIntegrationTest {

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
