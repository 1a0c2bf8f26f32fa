package com.agentbounty.gateway.payments;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application with Stripe as its payment provider, against the local Stripe-API stub: funding confirmed
 * by signed webhooks, holds that would lapse before the bounty ends, a declined card followed by a second funding,
 * and Connect onboarding. The stub plays the business's browser (confirming the PaymentIntent) and Stripe's webhooks.
 */
@DirtiesContext
@TestPropertySource(properties = {
        // A second application in the same JVM: it must not take Kafka work away from the main test application.
        "agentbounty.sandbox.worker.enabled=false", "spring.kafka.listener.auto-startup=false",
        "agentbounty.rate-limits.key-prefix=stripe-flow-test",
        "agentbounty.payments.stripe.secret-key=sk_test_stub_only"})
class StripeMoneyFlowTest extends StripeWebhookDeliveries {

    private static final StripeApiStub STRIPE = startStub();

    private static StripeApiStub startStub() {
        try {
            return new StripeApiStub(1_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void stripeApi(DynamicPropertyRegistry properties) {
        properties.add("agentbounty.payments.stripe.api-base", STRIPE::baseUrl);
    }

    @AfterAll
    static void stopStub() {
        STRIPE.close();
    }

    /** Drafts and funds a bounty ending in two days (a HOLD); answers "bountyId|escrowId" once its PaymentIntent exists. */
    private String fund(User business, String bountyId) {
        assertThat(postJson(business, "/api/bounties/" + bountyId + "/fund", "").status()).isEqualTo(202);
        JsonNode escrow = eventually(business, "/api/bounties/" + bountyId + "/escrow",
                reply -> reply.status() == 200 && reply.body().path("status").asText().equals("REQUESTED")).body();
        String escrowId = escrow.get("escrowId").asText();
        waitFor(() -> !STRIPE.intentsOf(escrowId).isEmpty());
        return escrowId;
    }

    private String draft(User business) {
        String body = bountyJson("Stripe flow", 25_000, "USD")
                .replace(inTenDays(), Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString());
        return postJson(business, "/api/bounties", body).body().get("id").asText();
    }

    private void authorisedWebhook(String escrowId, String intentId) {
        Reply reply = deliverSigned(StripeSignatures.event(newEventId(), "payment_intent.amount_capturable_updated", escrowId, intentId, "null"));
        assertThat(reply.status()).isEqualTo(200);
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(condition.getAsBoolean()).as("waited " + PATIENCE).isTrue();
    }

    private long escrowEvents(String escrowId, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?",
                Long.class, escrowId, "%." + type);
    }

    record ShortHold(String escrow, String hold) {
    }

    /**
     * Funds {@code bounty} with a card whose issuer keeps the hold one day and a few seconds, so its renewal is due
     * now, a day before it lapses; {@code beforeConfirming} readies the stub for the renewal.
     */
    private ShortHold fundWithAShortHold(User business, String bounty, Consumer<String> beforeConfirming) {
        String escrow = fund(business, bounty);
        String hold = STRIPE.intentsOf(escrow).get(0);
        beforeConfirming.accept(escrow);
        STRIPE.confirmWithCard(hold, Instant.now().plus(Duration.ofDays(1)).plusSeconds(3));
        authorisedWebhook(escrow, hold);
        return new ShortHold(escrow, hold);
    }

    @Test
    void aHoldWhoseCaptureBeforeFallsBeforeTheBountyEndsIsAuthorisedAgainInTime() {
        User acme = business();
        String bounty = draft(acme);
        ShortHold funded = fundWithAShortHold(acme, bounty, escrowId -> STRIPE.reauthorisationsLastUntil(Instant.now().plus(Duration.ofDays(7))));
        String escrow = funded.escrow();
        String hold = funded.hold();

        eventually(acme, "/api/bounties/" + bounty, status("OPEN"));
        waitFor(() -> escrowEvents(escrow, "EscrowHoldRenewed") == 1);
        List<String> intents = STRIPE.intentsOf(escrow);
        assertThat(intents).hasSize(2);
        assertThat(STRIPE.intent(intents.get(1)).get("status")).isEqualTo("requires_capture");
        assertThat(STRIPE.intent(hold).get("status")).as("the old hold is released after the new one stands").isEqualTo("canceled");
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).filteredOn(request -> escrow.equals(request.form().get("metadata[escrow_id]")))
                .extracting(StripeApiStub.Request::idempotencyKey).containsExactly(escrow + ":secure", escrow + ":reauth-1");
        assertThat(get(acme, "/api/bounties/" + bounty + "/escrow").body().get("status").asText()).isEqualTo("HELD");
        assertThat(get(acme, "/api/bounties/" + bounty).body().get("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void aHoldThatCannotBeAuthorisedAgainIsReleasedBeforeItLapsesAndTheBusinessIsToldWhy() {
        User acme = business();
        String bounty = draft(acme);
        String hold = fundWithAShortHold(acme, bounty,
                escrow -> STRIPE.failNextWithKey(escrow + ":reauth-1", StripeApiStub.Fault.AUTHENTICATION_REQUIRED)).hold();

        JsonNode refunded = eventually(acme, "/api/bounties/" + bounty + "/escrow", status("REFUNDED")).body();
        assertThat(refunded.get("status").asText()).isEqualTo("REFUNDED");
        assertThat(refunded.get("failureReason").asText()).isEqualTo("hold_not_renewed: authentication_required");
        assertThat(refunded.at("/refunded/amount").asLong()).isEqualTo(25_000);
        assertThat(eventually(acme, "/api/bounties/" + bounty, status("EXPIRED")).body().get("status").asText()).isEqualTo("EXPIRED");
        assertThat(STRIPE.intent(hold).get("status")).isEqualTo("canceled");
        assertThat(STRIPE.actions()).filteredOn(action -> action.equals("cancel " + hold)).hasSize(1);
    }

    @Test
    void aBusinessWhoseCardWasDeclinedFundsAgainOnANewPaymentIntentAndTheOldOneCanTakeNoMoney() {
        User acme = business();
        String bounty = draft(acme);
        String declined = fund(acme, bounty);
        String first = STRIPE.intentsOf(declined).get(0);
        Reply failure = deliverSigned(StripeSignatures.event(newEventId(), "payment_intent.payment_failed", declined, first,
                "{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\"}"));
        assertThat(failure.status()).isEqualTo(200);

        JsonNode failed = eventually(acme, "/api/bounties/" + bounty + "/escrow", status("FAILED")).body();
        assertThat(failed.get("failureReason").asText()).isEqualTo("card_declined (insufficient_funds)");
        eventually(acme, "/api/bounties/" + bounty, status("DRAFT"));
        waitFor(() -> "canceled".equals(STRIPE.intent(first).get("status")));

        String retry = fund(acme, bounty);
        String second = STRIPE.intentsOf(retry).get(0);
        STRIPE.confirmWithCard(second);
        authorisedWebhook(retry, second);

        eventually(acme, "/api/bounties/" + bounty, status("OPEN"));
        assertThat(retry).isNotEqualTo(declined);
        assertThat(second).isNotEqualTo(first);
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).extracting(StripeApiStub.Request::idempotencyKey)
                .contains(declined + ":secure", retry + ":secure");
        assertThat(STRIPE.intent(first).get("status")).as("the declined attempt holds nothing").isEqualTo("canceled");
        assertThat(STRIPE.intent(second).get("status")).isEqualTo("requires_capture");
        assertThat(escrowEvents(retry, "EscrowHeld")).isEqualTo(1);
        assertThat(escrowEvents(declined, "EscrowHeld")).isZero();
    }

    @Test
    void anAgentOnboardsThroughAConnectLinkAndItsAccountIsActiveOnceStripeSaysItCanReceiveTransfers() {
        User agent = agent();

        Reply first = postJson(agent, "/api/agents/me/payout-account", "");
        Reply again = postJson(agent, "/api/agents/me/payout-account", "");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("status").asText()).isEqualTo("PENDING");
        assertThat(first.body().get("onboardingUrl").asText()).startsWith("https://connect.stripe.com/setup/");
        String account = first.body().get("accountReference").asText();
        assertThat(again.body().get("accountReference").asText()).isEqualTo(account);

        Reply activated = deliverSigned(accountUpdated(newEventId(), account, true));

        assertThat(activated.body().get("outcome").asText()).isEqualTo("ACTED");
        Reply mine = get(agent, "/api/agents/me/payout-account");
        assertThat(mine.body().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(postJson(agent, "/api/agents/me/payout-account", "").body().hasNonNull("onboardingUrl")).as("nothing left to do").isFalse();
    }
}
