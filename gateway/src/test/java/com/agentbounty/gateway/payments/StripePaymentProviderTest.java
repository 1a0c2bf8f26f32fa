package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.escrow.RecordEscrowFailed;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.gateway.GatewayIntegrationTest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The Stripe adapter against a local stand-in of the Stripe API (real stripe-java, real HTTP, real retries), with
 * the application's PostgreSQL for what the adapter remembers. Commands the adapter causes are caught by a mock.
 */
class StripePaymentProviderTest extends GatewayIntegrationTest {

    private static final int READ_TIMEOUT_MILLIS = 1_500;

    @Autowired
    private NamedParameterJdbcTemplate named;
    @Autowired
    private PayoutAccounts payoutAccounts;
    @Autowired
    private Clock clock;

    private final CommandGateway commands = mock(CommandGateway.class);
    private StripeApiStub stub;
    private StripePaymentProvider stripe;
    private final EscrowId escrow = new EscrowId(UUID.randomUUID().toString());
    private final UserId business = new UserId(UUID.randomUUID().toString());

    @BeforeEach
    void start() throws Exception {
        stub = new StripeApiStub(READ_TIMEOUT_MILLIS * 2L);
        stripe = new StripePaymentProvider(PaymentConfiguration.stripeClient("sk_test_stub", stub.baseUrl(), READ_TIMEOUT_MILLIS),
                named, new ProviderEvents(named, commands, clock), payoutAccounts, clock);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private static Money usd(long cents) {
        return new Money(cents, "USD");
    }

    private String key(String step) {
        return escrow.value() + ":" + step;
    }

    private String securedIntent() {
        return jdbc.queryForObject("SELECT reference FROM payment_call WHERE idempotency_key = ?", String.class, key("secure"));
    }

    private UserId agentWithPayoutAccount(String account) {
        UserId agent = new UserId(UUID.randomUUID().toString());
        payoutAccounts.save(agent, PayoutAccounts.Status.ACTIVE, account, clock.instant());
        return agent;
    }

    @Test
    void aHoldIsAManualCapturePaymentIntentCapturedOnAwardAndPaidOutByATransferFromItsCharge() {
        stripe.secure(escrow, business, usd(25_000), FundingStrategy.HOLD, key("secure"));
        StripeApiStub.Request create = stub.requests("POST", "/v1/payment_intents").get(0);
        assertThat(create.idempotencyKey()).isEqualTo(key("secure"));
        assertThat(create.form()).containsEntry("capture_method", "manual").containsEntry("amount", "25000")
                .containsEntry("currency", "usd").containsEntry("metadata[escrow_id]", escrow.value())
                .containsEntry("transfer_group", escrow.value());
        String intent = securedIntent();
        stub.confirmWithCard(intent);

        String captured = stripe.capture(escrow, usd(25_000), FundingStrategy.HOLD, key("capture"));
        UserId agent = agentWithPayoutAccount("acct_1AgentHold");
        Optional<String> transfer = stripe.transfer(escrow, agent, usd(21_250), key("payout"));

        assertThat(captured).isEqualTo(intent);
        assertThat(transfer).hasValueSatisfying(id -> assertThat(id).startsWith("tr_"));
        StripeApiStub.Request capture = stub.requests("POST", "/v1/payment_intents/" + intent + "/capture").get(0);
        assertThat(capture.idempotencyKey()).isEqualTo(key("capture"));
        assertThat(capture.form()).containsEntry("amount_to_capture", "25000");
        StripeApiStub.Request payout = stub.requests("POST", "/v1/transfers").get(0);
        assertThat(payout.idempotencyKey()).isEqualTo(key("payout"));
        assertThat(payout.form()).containsEntry("destination", "acct_1AgentHold").containsEntry("transfer_group", escrow.value())
                .containsEntry("source_transaction", (String) stub.intent(intent).get("latest_charge")).containsEntry("amount", "21250");
        assertThat(stub.actions()).containsExactly("create " + intent, "capture " + intent + " 25000",
                "transfer 21250 to acct_1AgentHold from " + stub.intent(intent).get("latest_charge"));
        assertThat(stub.requests()).filteredOn(request -> request.method().equals("POST"))
                .allSatisfy(request -> assertThat(request.idempotencyKey()).startsWith(escrow.value() + ":"));
    }

    @Test
    void aChargeIsCapturedAutomaticallySoAwardCapturesNothingAndTheAgentIsPaidFromTheCharge() {
        stripe.secure(escrow, business, usd(50_000), FundingStrategy.CHARGE, key("secure"));
        assertThat(stub.requests("POST", "/v1/payment_intents").get(0).form()).containsEntry("capture_method", "automatic");
        String intent = securedIntent();
        stub.confirmWithCard(intent);

        String captured = stripe.capture(escrow, usd(50_000), FundingStrategy.CHARGE, key("capture"));
        Optional<String> transfer = stripe.transfer(escrow, agentWithPayoutAccount("acct_1AgentCharge"), usd(42_500), key("payout"));

        assertThat(captured).isEqualTo(intent);
        assertThat(transfer).isPresent();
        assertThat(stub.requests("POST", "/v1/payment_intents/")).isEmpty();
        assertThat(stub.actions()).containsExactly("create " + intent, "transfer 42500 to acct_1AgentCharge from ch_" + intent.substring(3));
    }

    @Test
    void aRefundedChargeIsAFullStripeRefundAndARefundedHoldIsACancelledPaymentIntent() {
        stripe.secure(escrow, business, usd(30_000), FundingStrategy.CHARGE, key("secure"));
        String charged = securedIntent();
        stub.confirmWithCard(charged);
        String refund = stripe.refund(escrow, usd(30_000), FundingStrategy.CHARGE, key("refund"));

        EscrowId held = new EscrowId(UUID.randomUUID().toString());
        stripe.secure(held, business, usd(7_000), FundingStrategy.HOLD, held.value() + ":secure");
        String hold = jdbc.queryForObject("SELECT reference FROM payment_call WHERE idempotency_key = ?", String.class, held.value() + ":secure");
        stub.confirmWithCard(hold);
        String released = stripe.refund(held, usd(7_000), FundingStrategy.HOLD, held.value() + ":refund");

        assertThat(refund).startsWith("re_");
        assertThat(stub.requests("POST", "/v1/refunds").get(0).form()).containsEntry("payment_intent", charged).containsEntry("amount", "30000");
        assertThat(stub.requests("POST", "/v1/refunds").get(0).idempotencyKey()).isEqualTo(key("refund"));
        assertThat(released).isEqualTo(hold);
        assertThat(stub.requests("POST", "/v1/payment_intents/" + hold + "/cancel").get(0).idempotencyKey()).isEqualTo(held.value() + ":refund");
        assertThat(stub.intent(hold).get("status")).isEqualTo("canceled");
        assertThat(stub.actions()).containsExactly("create " + charged, "refund " + charged + " 30000", "create " + hold, "cancel " + hold);
    }

    @Test
    void anAgentWithoutAnActivePayoutAccountIsNotPaidAndStripeIsNotAsked() {
        UserId onboarding = new UserId(UUID.randomUUID().toString());
        payoutAccounts.save(onboarding, PayoutAccounts.Status.PENDING, "acct_1Pending", clock.instant());

        assertThat(stripe.transfer(escrow, onboarding, usd(100), key("payout"))).isEmpty();
        assertThat(stripe.transfer(escrow, new UserId(UUID.randomUUID().toString()), usd(100), key("payout"))).isEmpty();
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aTimedOutCallIsRetriedWithTheSameIdempotencyKeyAndChargesOnce() {
        stub.failNext("POST", "/v1/payment_intents", StripeApiStub.Fault.SLOW_AFTER_ACTING);

        stripe.secure(escrow, business, usd(12_000), FundingStrategy.CHARGE, key("secure"));

        List<StripeApiStub.Request> attempts = stub.requests("POST", "/v1/payment_intents");
        assertThat(attempts).hasSize(2).allSatisfy(attempt -> assertThat(attempt.idempotencyKey()).isEqualTo(key("secure")));
        assertThat(stub.actions()).containsExactly("create " + securedIntent());
    }

    @Test
    void aServerErrorIsRetriedWithTheSameIdempotencyKeyAndCapturesOnce() {
        stripe.secure(escrow, business, usd(9_900), FundingStrategy.HOLD, key("secure"));
        String intent = securedIntent();
        stub.confirmWithCard(intent);
        stub.failNext("POST", "/v1/payment_intents/" + intent + "/capture", StripeApiStub.Fault.SERVER_ERROR);

        assertThat(stripe.capture(escrow, usd(9_900), FundingStrategy.HOLD, key("capture"))).isEqualTo(intent);

        assertThat(stub.requests("POST", "/v1/payment_intents/" + intent + "/capture")).hasSize(2)
                .allSatisfy(attempt -> assertThat(attempt.idempotencyKey()).isEqualTo(key("capture")));
        assertThat(stub.actions()).containsExactly("create " + intent, "capture " + intent + " 9900");
    }

    @Test
    void aDeclinedCardIsNotRetriedAndFailsTheEscrowWithStripesReason() {
        stub.failNext("POST", "/v1/payment_intents", StripeApiStub.Fault.CARD_DECLINED);

        stripe.secure(escrow, business, usd(4_000), FundingStrategy.HOLD, key("secure"));

        assertThat(stub.requests()).hasSize(1);
        verify(commands).sendAndWait(new RecordEscrowFailed(escrow, "card_declined (insufficient_funds)"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_call WHERE escrow_id = ?", Long.class, escrow.value())).isZero();
    }

    @Test
    void aRefusedCaptureIsNotRetriedAndSaysWhy() {
        stripe.secure(escrow, business, usd(4_000), FundingStrategy.HOLD, key("secure"));
        String intent = securedIntent(); // never confirmed by the business: nothing is authorised, so nothing can be captured

        assertThatThrownBy(() -> stripe.capture(escrow, usd(4_000), FundingStrategy.HOLD, key("capture")))
                .isInstanceOfSatisfying(PaymentProviderException.class, refused -> {
                    assertThat(refused.retryable()).isFalse();
                    assertThat(refused.code()).isEqualTo("payment_intent_unexpected_state");
                    assertThat(refused.getMessage()).contains("Stripe refused to capture escrow " + escrow.value());
                });
        assertThat(stub.requests("POST", "/v1/payment_intents/" + intent + "/capture")).hasSize(1);
        assertThat(stub.actions()).containsExactly("create " + intent);
        verifyNoInteractions(commands);
    }

    @Test
    void theBusinessGetsTheClientSecretOfItsEscrowsPaymentIntentFromStripe() {
        assertThat(stripe.clientSecret(escrow)).isEmpty();
        assertThat(stub.requests()).isEmpty();

        stripe.secure(escrow, business, usd(1_500), FundingStrategy.HOLD, key("secure"));
        String intent = securedIntent();

        assertThat(stripe.clientSecret(escrow)).contains((String) stub.intent(intent).get("client_secret"));
        assertThat(stub.requests("GET", "/v1/payment_intents/" + intent)).hasSize(1);
    }
}
