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
import org.springframework.transaction.support.TransactionTemplate;

import com.agentbounty.sagas.bounty.PaymentProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    private static final String RETURN_URL = "https://agentbounty.example/agents/me/payout-account";

    @Autowired
    private NamedParameterJdbcTemplate named;
    @Autowired
    private PayoutAccounts payoutAccounts;
    @Autowired
    private Clock clock;
    @Autowired
    private TransactionTemplate transactions;

    private final CommandGateway commands = mock(CommandGateway.class);
    private StripeApiStub stub;
    private StripePaymentProvider stripe;
    private final EscrowId escrow = new EscrowId(UUID.randomUUID().toString());
    private final UserId business = new UserId(UUID.randomUUID().toString());

    @BeforeEach
    void start() throws Exception {
        stub = new StripeApiStub(READ_TIMEOUT_MILLIS * 2L);
        stripe = new StripePaymentProvider(PaymentConfiguration.stripeClient("sk_test_stub", stub.baseUrl(), READ_TIMEOUT_MILLIS),
                named, new ProviderEvents(named, commands, payoutAccounts, transactions, clock), payoutAccounts, clock, RETURN_URL);
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

    private String customerOf(String intent) {
        return (String) stub.intent(intent).get("customer");
    }

    private UserId agentWithPayoutAccount(String account) {
        UserId agent = new UserId(UUID.randomUUID().toString());
        payoutAccounts.savePending(agent, account, clock.instant());
        payoutAccounts.activate(account, clock.instant());
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
        assertThat(create.form()).containsEntry("customer", customerOf(intent)).containsEntry("setup_future_usage", "off_session");
        assertThat(stub.actions()).containsExactly("customer " + customerOf(intent), "create " + intent, "capture " + intent + " 25000",
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
        assertThat(stub.actions()).containsExactly("create " + charged, "refund " + charged + " 30000",
                "customer " + customerOf(hold), "create " + hold, "cancel " + hold);
    }

    @Test
    void anAgentWithoutAnActivePayoutAccountIsNotPaidAndStripeIsNotAsked() {
        UserId onboarding = new UserId(UUID.randomUUID().toString());
        payoutAccounts.savePending(onboarding, "acct_1Pending" + onboarding.value(), clock.instant());

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
        assertThat(stub.actions()).containsExactly("customer " + customerOf(intent), "create " + intent, "capture " + intent + " 9900");
    }

    @Test
    void aDeclinedCardIsNotRetriedAndFailsTheEscrowWithStripesReason() {
        stub.failNext("POST", "/v1/payment_intents", StripeApiStub.Fault.CARD_DECLINED);

        stripe.secure(escrow, business, usd(4_000), FundingStrategy.HOLD, key("secure"));

        assertThat(stub.requests("POST", "/v1/payment_intents")).hasSize(1);
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
        assertThat(stub.actions()).containsExactly("customer " + customerOf(intent), "create " + intent);
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

    @Test
    void aHoldLapsesAtTheCaptureBeforeOfItsCharge() {
        stripe.secure(escrow, business, usd(25_000), FundingStrategy.HOLD, key("secure"));
        String intent = securedIntent();
        Instant lapses = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
        stub.confirmWithCard(intent, lapses);

        assertThat(stripe.authorisedUntil(intent)).isEqualTo(lapses);
        assertThat(stub.requests("GET", "/v1/payment_intents/" + intent).get(0).query()).contains("latest_charge");
    }

    @Test
    void aHoldAboutToLapseIsAuthorisedAgainOffSessionBeforeTheOldOneIsCancelledAndAwardCapturesTheNewOne() {
        stripe.secure(escrow, business, usd(25_000), FundingStrategy.HOLD, key("secure"));
        String old = securedIntent();
        stub.confirmWithCard(old, Instant.now().plus(Duration.ofDays(5)));
        Instant renewedUntil = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        stub.reauthorisationsLastUntil(renewedUntil);

        PaymentProvider.HoldRenewal renewal = stripe.reauthorise(escrow, usd(25_000), key("reauth-1"));
        PaymentProvider.HoldRenewal retried = stripe.reauthorise(escrow, usd(25_000), key("reauth-1"));
        String captured = stripe.capture(escrow, usd(25_000), FundingStrategy.HOLD, key("capture"));

        assertThat(renewal.isRenewed()).isTrue();
        assertThat(renewal.authorisedUntil()).isEqualTo(renewedUntil);
        assertThat(retried).isEqualTo(renewal);
        String renewed = renewal.reference();
        assertThat(stub.requests("POST", "/v1/payment_intents").get(1).form()).containsEntry("confirm", "true")
                .containsEntry("off_session", "true").containsEntry("capture_method", "manual").containsEntry("amount", "25000")
                .containsEntry("customer", customerOf(old)).containsEntry("payment_method", (String) stub.intent(old).get("payment_method"))
                .containsEntry("metadata[escrow_id]", escrow.value());
        assertThat(stub.intent(old).get("status")).isEqualTo("canceled");
        assertThat(captured).isEqualTo(renewed);
        assertThat(stub.actions()).containsExactly("customer " + customerOf(old), "create " + old, "create " + renewed,
                "authorise " + renewed + " 25000 off-session with " + stub.intent(old).get("payment_method"), "cancel " + old,
                "capture " + renewed + " 25000");
    }

    @Test
    void aRefusedReauthorisationIsAnAnswerNotARetryAndTheOldHoldStillStands() {
        stripe.secure(escrow, business, usd(25_000), FundingStrategy.HOLD, key("secure"));
        String old = securedIntent();
        stub.confirmWithCard(old, Instant.now().plus(Duration.ofDays(5)));
        stub.failNext("POST", "/v1/payment_intents", StripeApiStub.Fault.AUTHENTICATION_REQUIRED);

        PaymentProvider.HoldRenewal renewal = stripe.reauthorise(escrow, usd(25_000), key("reauth-1"));

        assertThat(renewal.isRenewed()).isFalse();
        assertThat(renewal.refusal()).isEqualTo("authentication_required");
        assertThat(stub.requests("POST", "/v1/payment_intents")).hasSize(2); // funding, and the one refused renewal
        assertThat(stub.intent(old).get("status")).isEqualTo("requires_capture");
    }

    @Test
    void aRefusedPaymentIsCancelledSoTheBusinessCannotCompleteItLaterWithAnotherCard() {
        stripe.secure(escrow, business, usd(4_000), FundingStrategy.HOLD, key("secure"));
        String intent = securedIntent(); // its first card was declined in the browser: still requires_payment_method

        stripe.release(escrow, usd(4_000), FundingStrategy.HOLD, key("release"));

        assertThat(stub.intent(intent).get("status")).isEqualTo("canceled");
        assertThatThrownBy(() -> stub.confirmWithCard(intent)).isInstanceOf(IllegalStateException.class);
        assertThat(stub.requests("POST", "/v1/payment_intents/" + intent + "/cancel").get(0).idempotencyKey()).isEqualTo(key("release"));
    }

    @Test
    void aChargeThatSucceededAfterItsEscrowFailedIsRefundedInFullOnce() {
        stripe.secure(escrow, business, usd(4_000), FundingStrategy.CHARGE, key("secure"));
        String intent = securedIntent();
        stub.confirmWithCard(intent); // a second card went through just after the first one's failure failed the escrow

        stripe.release(escrow, usd(4_000), FundingStrategy.CHARGE, key("release"));
        stripe.release(escrow, usd(4_000), FundingStrategy.CHARGE, key("release"));

        assertThat(stub.actions()).containsExactly("create " + intent, "refund " + intent + " 4000");
        assertThat(stub.requests("POST", "/v1/refunds")).hasSize(2)
                .allSatisfy(refund -> assertThat(refund.idempotencyKey()).isEqualTo(key("release") + ":refund"));
    }

    @Test
    void aRefusalAtCreationLeavesNothingToRelease() {
        stub.failNext("POST", "/v1/payment_intents", StripeApiStub.Fault.CARD_DECLINED);
        stripe.secure(escrow, business, usd(4_000), FundingStrategy.CHARGE, key("secure"));

        stripe.release(escrow, usd(4_000), FundingStrategy.CHARGE, key("release"));

        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void anAgentOnboardsThroughAnExpressAccountCreatedOnceAndAFreshLinkEachTime() {
        UserId agent = new UserId(UUID.randomUUID().toString());

        PayoutOnboarding.Onboarding first = stripe.onboard(agent);
        PayoutOnboarding.Onboarding again = stripe.onboard(agent);

        assertThat(first.status()).isEqualTo(PayoutAccounts.Status.PENDING);
        assertThat(first.accountReference()).startsWith("acct_");
        assertThat(again.accountReference()).isEqualTo(first.accountReference());
        assertThat(first.onboardingUrl()).startsWith("https://connect.stripe.com/setup/");
        assertThat(again.onboardingUrl()).isNotEqualTo(first.onboardingUrl());
        StripeApiStub.Request create = stub.requests("POST", "/v1/accounts").get(0);
        assertThat(stub.requests("POST", "/v1/accounts")).hasSize(1);
        assertThat(create.idempotencyKey()).isEqualTo("agent-" + agent.value() + ":connect-account");
        assertThat(create.form()).containsEntry("type", "express").containsEntry("capabilities[transfers][requested]", "true")
                .containsEntry("metadata[agent_id]", agent.value());
        assertThat(stub.requests("POST", "/v1/account_links").get(0).form()).containsEntry("account", first.accountReference())
                .containsEntry("type", "account_onboarding").containsEntry("return_url", RETURN_URL).containsEntry("refresh_url", RETURN_URL);
        assertThat(stripe.transfer(escrow, agent, usd(100), key("payout"))).as("not onboarded yet: the payable waits").isEmpty();
    }
}
