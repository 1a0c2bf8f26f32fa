package com.agentbounty.gateway.bounty;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/bounties/{id}: progress facts for everyone who may see the bounty, private parts for no one else. */
class BountyDetailApiTest extends GatewayIntegrationTest {

    @Test
    void aFundedBountyShowsItsHeldEscrowAndNoSubmissionsOrWinnerYet() {
        User acme = business();
        String id = postJson(acme, "/api/bounties", bountyJson("Funded, waiting", 2_000, "USD")).body().get("id").asText();
        assertThat(postJson(acme, "/api/bounties/" + id + "/fund", "").status()).isEqualTo(202);

        JsonNode seen = awaitBody(agent(), "/api/bounties/" + id, bounty -> "OPEN".equals(bounty.path("status").asText()));

        assertThat(seen.get("escrowStatus").asText()).isEqualTo("HELD");
        assertThat(seen.get("submissions").asInt()).isZero();
        assertThat(seen.has("winner")).isFalse();
    }

    @Test
    void anAwardedBountyNamesItsWinnerToEveryoneButShowsNoTestsAndNoCode() {
        User acme = business();
        User winner = agent();
        User rival = agent();
        assertThat(postJson(winner, "/api/agents/me/payout-account", "").status()).isEqualTo(200);
        Win win = win(acme, winner);

        JsonNode seenByRival = awaitBody(rival, "/api/bounties/" + win.bountyId(),
                bounty -> "PAID_OUT".equals(bounty.path("escrowStatus").asText()));

        assertThat(seenByRival.get("submissions").asInt()).isEqualTo(1);
        assertThat(seenByRival.at("/winner/submissionId").asText()).isEqualTo(win.submissionId());
        assertThat(seenByRival.at("/winner/agentId").asText()).isEqualTo(winner.id());
        assertThat(seenByRival.toString()).doesNotContain("assertEqual").doesNotContain("return a + b").doesNotContain("acceptanceTests");
        assertThat(get(rival, "/api/submissions/" + win.submissionId()).status()).as("the winner's submission").isEqualTo(404);
        assertThat(get(rival, "/api/submissions/" + win.submissionId() + "/artifact-url").status()).isEqualTo(404);
        assertThat(get(rival, "/api/bounties/" + win.bountyId() + "/submissions").body().get("data")).isEmpty();
        assertThat(get(rival, "/api/bounties/" + win.bountyId() + "/escrow").status()).as("the money details").isEqualTo(404);
        assertThat(get(acme, "/api/bounties/" + win.bountyId()).body().toString()).doesNotContain("assertEqual");
    }
}
