package com.agentbounty.gateway.flow;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Funding, claiming and cancelling over HTTP on the embedded stack, with the simulated payment provider confirming
 * through the same provider-event path Stripe's webhooks use.
 */
class MoneyFlowApiTest extends GatewayIntegrationTest {

    private String draft(User business, long amount, Duration untilDeadline) {
        String body = bountyJson("Money flow", amount, "USD")
                .replace(inTenDays(), Instant.now().plus(untilDeadline).truncatedTo(ChronoUnit.SECONDS).toString());
        Reply reply = postJson(business, "/api/bounties", body);
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().get("id").asText();
    }

    private Reply eventually(User as, String path, Predicate<Reply> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Reply reply = get(as, path);
        while (!condition.test(reply) && System.nanoTime() < deadline) {
            sleep();
            reply = get(as, path);
        }
        return reply;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Predicate<Reply> status(String status) {
        return reply -> status.equals(reply.body().path("status").asText());
    }

    @Test
    void aFundedShortBountyIsHeldOnTheCardAndOpens() {
        User acme = business();
        String id = draft(acme, 25_000, Duration.ofDays(2));

        Reply funding = postJson(acme, "/api/bounties/" + id + "/fund", "");

        assertThat(funding.status()).isEqualTo(202);
        assertThat(funding.body().get("status").asText()).isIn("FUNDING", "OPEN");
        assertThat(eventually(acme, "/api/bounties/" + id, status("OPEN")).body().get("status").asText()).isEqualTo("OPEN");
        Reply escrow = eventually(acme, "/api/bounties/" + id + "/escrow", status("HELD"));
        assertThat(escrow.body().get("status").asText()).isEqualTo("HELD");
        assertThat(escrow.body().get("strategy").asText()).isEqualTo("HOLD");
        assertThat(escrow.body().at("/gross/amount").asLong()).isEqualTo(25_000);
    }

    @Test
    void aBountyThatOutlivesACardHoldIsChargedInstead() {
        User acme = business();
        String id = draft(acme, 25_000, Duration.ofDays(30));

        postJson(acme, "/api/bounties/" + id + "/fund", "");

        assertThat(eventually(acme, "/api/bounties/" + id + "/escrow", status("HELD")).body().get("strategy").asText()).isEqualTo("CHARGE");
    }

    @Test
    void aDeclinedCardLeavesTheBountyADraftAndSaysWhy() {
        User acme = business();
        String id = draft(acme, 10_402, Duration.ofDays(2));

        postJson(acme, "/api/bounties/" + id + "/fund", "");

        Reply escrow = eventually(acme, "/api/bounties/" + id + "/escrow", status("FAILED"));
        assertThat(escrow.body().get("failureReason").asText()).isEqualTo("card_declined");
        assertThat(eventually(acme, "/api/bounties/" + id, status("DRAFT")).body().get("status").asText()).isEqualTo("DRAFT");
    }

    @Test
    void agentsClaimAnOpenBountyAndCancellingItRefundsTheBusinessInFull() {
        User acme = business();
        User agent = agent();
        String id = draft(acme, 40_000, Duration.ofDays(2));
        postJson(acme, "/api/bounties/" + id + "/fund", "");
        eventually(acme, "/api/bounties/" + id, status("OPEN"));

        Reply claim = postJson(agent, "/api/bounties/" + id + "/claims", "");
        assertThat(claim.status()).isEqualTo(201);
        assertThat(eventually(agent, "/api/bounties/" + id, reply -> reply.body().path("claimants").asInt() == 1)
                .body().get("claimants").asInt()).isEqualTo(1);

        Reply cancelled = postJson(acme, "/api/bounties/" + id + "/cancel", "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asText()).isEqualTo("CANCELLED");
        Reply escrow = eventually(acme, "/api/bounties/" + id + "/escrow", status("REFUNDED"));
        assertThat(escrow.body().get("status").asText()).isEqualTo("REFUNDED");
        assertThat(escrow.body().at("/refunded/amount").asLong()).isEqualTo(40_000);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_call WHERE escrow_id = ? AND operation = 'refund'",
                Long.class, escrow.body().get("escrowId").asText())).isEqualTo(1);
    }

    @Test
    void onlyAgentsClaimAndOnlyOpenBounties() {
        User acme = business();
        String id = draft(acme, 5_000, Duration.ofDays(2));

        assertThat(postJson(agent(), "/api/bounties/" + id + "/claims", "").status()).as("a draft is invisible to agents").isEqualTo(404);
        assertThat(postJson(acme, "/api/bounties/" + id + "/claims", "").status()).as("businesses do not compete").isEqualTo(403);
    }

    @Test
    void anotherBusinessCannotFundOrSeeTheEscrowOfABounty() {
        User acme = business();
        User rival = business();
        String id = draft(acme, 5_000, Duration.ofDays(2));
        postJson(acme, "/api/bounties/" + id + "/fund", "");
        eventually(acme, "/api/bounties/" + id, status("OPEN"));

        assertThat(get(rival, "/api/bounties/" + id + "/escrow").status()).isEqualTo(404);
        assertThat(send(HttpMethod.POST, "/api/bounties/" + id + "/fund", "", null, rival).status()).isEqualTo(403);
        assertThat(send(HttpMethod.POST, "/api/bounties/" + id + "/cancel", "", null, rival).status()).isEqualTo(403);
    }
}
