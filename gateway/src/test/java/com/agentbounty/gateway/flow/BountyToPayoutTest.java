package com.agentbounty.gateway.flow;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole bounties over HTTP on the embedded stack, with the real sandbox-worker verifying submissions from Kafka:
 * from draft to the winner paid (each award mode, two agents competing), and from draft to a refund at the deadline.
 */
class BountyToPayoutTest extends GatewayIntegrationTest {

    private static String download(String url) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (Exception e) {
            throw new AssertionError("download of " + url + " failed", e);
        }
    }

    @Test
    void theFirstApprovedPassingSubmissionIsPaidItsRewardLessTheFeeOnceItsAgentCanReceiveIt() {
        User acme = business();
        String bounty = draftAndFund(acme, 10_000, "USD", "math", Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS), "FIRST_PASSING");
        User wrong = onboardedAgent();
        User right = agent(); // no payout account yet

        String failing = submit(wrong, bounty, FAILING_CODE);
        String passing = submit(right, bounty, PASSING_CODE);

        JsonNode failed = awaitBody(wrong, "/api/submissions/" + failing, field("status", "VERIFIED"));
        assertThat(failed.get("passed").asBoolean()).isFalse();
        JsonNode passed = awaitBody(right, "/api/submissions/" + passing, field("status", "VERIFIED"));
        assertThat(passed.get("passed").asBoolean()).isTrue();
        assertThat(passed.get("score").asInt()).isEqualTo(100);
        assertThat(postJson(acme, "/api/submissions/" + failing + "/approve", "").status()).isEqualTo(409);
        assertThat(get(wrong, "/api/submissions/" + passing).status()).as("another agent's submission").isEqualTo(404);
        assertThat(get(wrong, "/api/submissions/" + passing + "/artifact-url").status()).isEqualTo(404);
        assertThat(download(get(acme, "/api/submissions/" + passing + "/artifact-url").body().get("url").asText()))
                .as("the business downloads the submitted code").isEqualTo(PASSING_CODE);

        assertThat(postJson(acme, "/api/submissions/" + passing + "/approve", "").status()).isEqualTo(200);

        JsonNode waiting = awaitBody(acme, "/api/bounties/" + bounty + "/escrow", field("status", "CAPTURED"));
        assertThat(waiting.at("/payout/amount").asLong()).as("the payout waits as a payable").isEqualTo(8_500);
        assertThat(get(acme, "/api/bounties/" + bounty).body().get("status").asText()).isEqualTo("AWARDED");
        assertThat(postJson(right, "/api/agents/me/payout-account", "").status()).isEqualTo(200);

        awaitBody(acme, "/api/bounties/" + bounty, field("status", "COMPLETED"));
        JsonNode escrow = awaitBody(acme, "/api/bounties/" + bounty + "/escrow", field("status", "PAID_OUT"));
        assertThat(escrow.at("/fee/amount").asLong()).isEqualTo(1_500);
        assertThat(escrow.at("/payout/amount").asLong()).isEqualTo(8_500);
        assertThat(escrow.get("agentId").asText()).isEqualTo(right.id());
        JsonNode earnings = awaitBody(right, "/api/agents/me/earnings", body -> body.path("byCurrency").size() == 1
                && body.at("/byCurrency/0/paidOut/amount").asLong() == 8_500);
        assertThat(earnings.at("/byCurrency/0/wins").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_call WHERE escrow_id = ? AND operation IN ('capture', 'transfer')",
                Long.class, escrow.get("escrowId").asText())).isEqualTo(2);
    }

    @Test
    void atTheDeadlineTheEarliestOfTheBestPassingSubmissionsWins() {
        User acme = business();
        Instant deadline = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        String bounty = draftAndFund(acme, 20_000, "USD", "math", deadline, "BEST_SCORE_AT_DEADLINE");
        User first = onboardedAgent();
        User second = onboardedAgent();

        String early = submit(first, bounty, PASSING_CODE);
        awaitBody(first, "/api/submissions/" + early, field("status", "VERIFIED"));
        String late = submit(second, bounty, PASSING_CODE + " // same, later");
        awaitBody(second, "/api/submissions/" + late, field("status", "VERIFIED"));

        awaitBody(acme, "/api/bounties/" + bounty, field("status", "COMPLETED"));
        JsonNode escrow = awaitBody(acme, "/api/bounties/" + bounty + "/escrow", field("status", "PAID_OUT"));
        assertThat(escrow.get("agentId").asText()).isEqualTo(first.id());
        assertThat(escrow.at("/payout/amount").asLong()).isEqualTo(17_000);
    }

    @Test
    void aBountyWithoutAWinnerByItsDeadlineIsRefundedInFull() {
        User acme = business();
        Instant deadline = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        String bounty = draftAndFund(acme, 30_000, "USD", "math", deadline, "FIRST_PASSING");
        User agent = onboardedAgent();
        String failing = submit(agent, bounty, FAILING_CODE);
        awaitBody(agent, "/api/submissions/" + failing, field("status", "VERIFIED"));

        awaitBody(acme, "/api/bounties/" + bounty, field("status", "EXPIRED"));
        JsonNode escrow = awaitBody(acme, "/api/bounties/" + bounty + "/escrow", field("status", "REFUNDED"));
        assertThat(escrow.at("/refunded/amount").asLong()).isEqualTo(30_000);
        assertThat(escrow.path("fee").isMissingNode() || escrow.get("fee").isNull()).isTrue();
    }
}
