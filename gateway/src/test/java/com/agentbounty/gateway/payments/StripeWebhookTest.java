package com.agentbounty.gateway.payments;

import com.agentbounty.events.identity.UserId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/webhooks/stripe} over HTTP on the whole application: only fresh, correctly signed deliveries are
 * acted on, each event once however often (and however concurrently) it arrives, and late events change nothing.
 */
class StripeWebhookTest extends StripeWebhookDeliveries {

    @Autowired
    private PayoutAccounts payoutAccounts;

    /** A bounty funded through the (simulated) provider, once its money is held: "escrowId|bountyId". */
    private String heldEscrow(User business) {
        String body = bountyJson("Webhooks", 25_000, "USD")
                .replace(inTenDays(), Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString());
        Reply draft = postJson(business, "/api/bounties", body);
        assertThat(draft.status()).isEqualTo(201);
        String id = draft.body().get("id").asText();
        postJson(business, "/api/bounties/" + id + "/fund", "");
        Reply escrow = eventually(business, "/api/bounties/" + id + "/escrow", status("HELD"));
        assertThat(escrow.body().get("status").asText()).isEqualTo("HELD");
        return escrow.body().get("escrowId").asText() + "|" + id;
    }

    private long escrowEvents(String escrowId, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?",
                Long.class, escrowId, "%." + type);
    }

    private long processed(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM processed_provider_event WHERE event_id = ?", Long.class, eventId);
    }

    private static String authorised(String eventId, String escrowId) {
        return StripeSignatures.event(eventId, "payment_intent.amount_capturable_updated", escrowId, "pi_3Webhook", "null");
    }

    @Test
    void aForgedSignatureIsRefusedWith400AndChangesNothing() {
        String eventId = newEventId();
        String payload = authorised(eventId, UUID.randomUUID().toString());

        Reply reply = deliver(payload, StripeSignatures.sign(payload, "whsec_not_ours", Instant.now().getEpochSecond()));
        Reply unsigned = deliver(payload, null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("INVALID_SIGNATURE");
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(processed(eventId)).isZero();
    }

    @Test
    void aStaleSignatureIsRefusedWith400() {
        String eventId = newEventId();
        String payload = authorised(eventId, UUID.randomUUID().toString());

        Reply reply = deliver(payload, StripeSignatures.sign(payload, STRIPE_WEBHOOK_SECRET, Instant.now().getEpochSecond() - 360));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("INVALID_SIGNATURE");
        assertThat(processed(eventId)).isZero();
    }

    @Test
    void aFutureDatedSignatureIsRefusedWith400() {
        String eventId = newEventId();
        String payload = authorised(eventId, UUID.randomUUID().toString());

        Reply reply = deliver(payload, StripeSignatures.sign(payload, STRIPE_WEBHOOK_SECRET, Instant.now().getEpochSecond() + 360));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("INVALID_SIGNATURE");
        assertThat(processed(eventId)).isZero();
    }

    @Test
    void anEventDeliveredTwiceIsActedOnOnce() {
        String escrowId = heldEscrow(business()).split("\\|")[0];
        String eventId = newEventId();

        Reply first = deliverSigned(authorised(eventId, escrowId));
        Reply second = deliverSigned(authorised(eventId, escrowId));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("duplicate").asBoolean()).isFalse();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().get("duplicate").asBoolean()).isTrue();
        assertThat(processed(eventId)).isEqualTo(1);
        assertThat(escrowEvents(escrowId, "EscrowHeld")).isEqualTo(1);
    }

    @Test
    void anEventDeliveredManyTimesAtOnceIsActedOnOnce() throws Exception {
        String escrowId = heldEscrow(business()).split("\\|")[0];
        String payload = authorised(newEventId(), escrowId);
        int deliveries = 8;
        ExecutorService senders = Executors.newFixedThreadPool(deliveries);
        try {
            List<Callable<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                calls.add(() -> deliverSigned(payload));
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : senders.invokeAll(calls)) {
                replies.add(reply.get());
            }

            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
            assertThat(replies).filteredOn(reply -> !reply.body().get("duplicate").asBoolean()).hasSize(1);
        } finally {
            senders.shutdownNow();
        }
        assertThat(escrowEvents(escrowId, "EscrowHeld")).isEqualTo(1);
    }

    @Test
    void lateEventsAfterARefundChangeNothing() {
        User acme = business();
        String[] held = heldEscrow(acme).split("\\|");
        String escrowId = held[0];
        String bountyId = held[1];
        assertThat(postJson(acme, "/api/bounties/" + bountyId + "/cancel", "").status()).isEqualTo(200);
        assertThat(eventually(acme, "/api/bounties/" + bountyId + "/escrow", status("REFUNDED")).body().get("status").asText())
                .isEqualTo("REFUNDED");

        Reply lateAuthorisation = deliverSigned(authorised(newEventId(), escrowId));
        Reply lateFailure = deliverSigned(StripeSignatures.event(newEventId(), "payment_intent.payment_failed", escrowId, "pi_3Webhook",
                "{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":\"generic_decline\"}"));

        assertThat(lateAuthorisation.status()).isEqualTo(200);
        assertThat(lateFailure.status()).isEqualTo(200);
        assertThat(get(acme, "/api/bounties/" + bountyId + "/escrow").body().get("status").asText()).isEqualTo("REFUNDED");
        assertThat(escrowEvents(escrowId, "EscrowHeld")).isEqualTo(1);
        assertThat(escrowEvents(escrowId, "EscrowFailed")).isZero();
        assertThat(escrowEvents(escrowId, "EscrowRefunded")).isEqualTo(1);
    }

    @Test
    void anEventTypeTheMoneyFlowDoesNotUseIsAcknowledgedAndIgnored() {
        String eventId = newEventId();
        String payload = StripeSignatures.event(eventId, "charge.dispute.created", UUID.randomUUID().toString(), "pi_3Webhook", "null");

        Reply reply = deliverSigned(payload);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(processed(eventId)).isZero();
    }

    @Test
    void anEventAboutAnEscrowThatIsNotOursIsRecordedAndAcknowledgedSoStripeStopsDeliveringIt() {
        String eventId = newEventId();
        String stranger = UUID.randomUUID().toString();

        Reply first = deliverSigned(authorised(eventId, stranger));
        Reply again = deliverSigned(authorised(eventId, stranger));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("outcome").asText()).isEqualTo("NOT_OURS");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT outcome || ' ' || subject FROM processed_provider_event WHERE event_id = ?", String.class, eventId))
                .isEqualTo("NOT_OURS " + stranger);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, stranger)).isZero();
    }

    @Test
    void aConnectedAccountThatCanReceiveTransfersActivatesItsAgentsPayoutAccountOnce() {
        User agent = agent();
        String account = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        payoutAccounts.savePending(new UserId(agent.id()), account, Instant.now());

        Reply notYet = deliverSigned(accountUpdated(newEventId(), account, false));
        assertThat(notYet.body().get("outcome").asText()).isEqualTo("IGNORED");
        assertThat(get(agent, "/api/agents/me/payout-account").body().get("status").asText()).isEqualTo("PENDING");

        String eventId = newEventId();
        Reply enabled = deliverSigned(accountUpdated(eventId, account, true));
        Reply duplicate = deliverSigned(accountUpdated(eventId, account, true));
        Reply laterUpdate = deliverSigned(accountUpdated(newEventId(), account, true));

        assertThat(enabled.body().get("outcome").asText()).isEqualTo("ACTED");
        assertThat(duplicate.body().get("duplicate").asBoolean()).isTrue();
        assertThat(laterUpdate.status()).isEqualTo(200);
        assertThat(get(agent, "/api/agents/me/payout-account").body().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE ? AND payload LIKE ?", Long.class,
                "%.AgentPayoutAccountActivated", "%" + agent.id() + "%")).as("published once").isEqualTo(1);
    }

    @Test
    void aConnectedAccountThatIsNotOursIsAcknowledgedAndChangesNothing() {
        Reply reply = deliverSigned(accountUpdated(newEventId(), "acct_1NotOurs" + UUID.randomUUID().toString().substring(0, 8), true));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("outcome").asText()).isEqualTo("NOT_OURS");
    }

    @Test
    void withSimulatedPaymentsAnAgentsPayoutAccountIsActiveAtOnceWithNoLinkToFollow() {
        Reply onboarded = postJson(agent(), "/api/agents/me/payout-account", "");

        assertThat(onboarded.status()).isEqualTo(200);
        assertThat(onboarded.body().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(onboarded.body().hasNonNull("onboardingUrl")).isFalse();
    }
}
