package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.AccountLink;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.TransferCreateParams;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The payment port on Stripe (stripe-java). HOLD is a PaymentIntent with {@code capture_method=manual}, captured on
 * award; CHARGE a PaymentIntent captured automatically, its money waiting on the platform balance. Refund cancels the
 * hold or refunds the charge in full; the agent is paid by a Connect transfer in the escrow's {@code transfer_group}
 * with the charge as {@code source_transaction}. Every mutating call carries the saga's idempotency key (escrow id +
 * step); stripe-java retries network errors and 5xx with that same key, never a 4xx. The PaymentIntent carries
 * {@code metadata.escrow_id}, by which its webhooks find the escrow again; the id of each object Stripe created is
 * remembered in {@code payment_call} by idempotency key. A hold is made on a Customer with
 * {@code setup_future_usage=off_session}, so that it can be re-authorised without the business before it lapses
 * ({@code capture_before} of its charge). Agents onboard as Connect Express accounts through account links.
 */
public class StripePaymentProvider implements PaymentAdapter {

    static final String ESCROW_ID = "escrow_id";

    private static final Logger log = LoggerFactory.getLogger(StripePaymentProvider.class);

    private final StripeClient stripe;
    private final NamedParameterJdbcTemplate jdbc;
    private final ProviderEvents events;
    private final PayoutAccounts payoutAccounts;
    private final Clock clock;
    private final String onboardingReturnUrl;

    public StripePaymentProvider(StripeClient stripe, NamedParameterJdbcTemplate jdbc, ProviderEvents events, PayoutAccounts payoutAccounts,
                                 Clock clock, String onboardingReturnUrl) {
        this.stripe = stripe;
        this.jdbc = jdbc;
        this.events = events;
        this.payoutAccounts = payoutAccounts;
        this.clock = clock;
        this.onboardingReturnUrl = onboardingReturnUrl;
    }

    /**
     * Creates the PaymentIntent the business then confirms with its client secret; Stripe's webhook says when the
     * money is held or charged. A refusal at creation (a declined card, an amount Stripe does not accept) fails the
     * escrow through the same provider-event path a webhook takes.
     */
    @Override
    public void secure(EscrowId escrow, UserId business, Money amount, FundingStrategy strategy, String idempotencyKey) {
        PaymentIntentCreateParams.Builder params = intentFor(escrow, amount)
                .setCaptureMethod(strategy == FundingStrategy.HOLD
                        ? PaymentIntentCreateParams.CaptureMethod.MANUAL : PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
                .putMetadata("business_id", business.value());
        PaymentIntent intent;
        try {
            if (strategy == FundingStrategy.HOLD) {
                // The card is saved on a Customer of this escrow so the hold can be renewed without the business.
                Customer customer = stripe.customers().create(CustomerCreateParams.builder()
                        .setDescription("Agent-Bounty business " + business.value() + ", escrow " + escrow.value())
                        .putMetadata(ESCROW_ID, escrow.value()).putMetadata("business_id", business.value()).build(),
                        options(idempotencyKey + ":customer"));
                params.setCustomer(customer.getId()).setSetupFutureUsage(PaymentIntentCreateParams.SetupFutureUsage.OFF_SESSION);
            }
            intent = stripe.paymentIntents().create(params.build(), options(idempotencyKey));
        } catch (CardException | InvalidRequestException refused) {
            String reason = reason(refused);
            log.info("Stripe refused to secure escrow {}: {}", escrow.value(), reason);
            confirmLater(ProviderEvent.failed("stripe_refused:" + idempotencyKey, escrow, reason));
            return;
        } catch (StripeException failure) {
            throw translate("create the PaymentIntent of escrow " + escrow.value(), failure);
        }
        remember(idempotencyKey, strategy == FundingStrategy.HOLD ? "hold" : "charge", escrow, amount, intent.getId());
    }

    private static PaymentIntentCreateParams.Builder intentFor(EscrowId escrow, Money amount) {
        return PaymentIntentCreateParams.builder()
                .setAmount(amount.amount())
                .setCurrency(amount.currency().toLowerCase(Locale.ROOT))
                .addPaymentMethodType("card")
                .setTransferGroup(escrow.value())
                .putMetadata(ESCROW_ID, escrow.value())
                .setDescription("Agent-Bounty escrow " + escrow.value());
    }

    /**
     * Cancels the escrow's PaymentIntent so that the business cannot complete it any more (its browser may still try
     * another card on it); if a confirmation raced the refusal and the money was taken, it is refunded in full.
     */
    @Override
    public void release(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        Optional<String> intentId = currentIntent(escrow, idempotencyKey);
        if (intentId.isEmpty()) {
            return; // Stripe refused to create it: nothing exists that could take money
        }
        String reference = intentId.get();
        try {
            stripe.paymentIntents().cancel(reference, options(idempotencyKey));
        } catch (InvalidRequestException refused) {
            String status = statusOf(reference);
            if (status.equals("succeeded")) {
                reference = refundInFull(escrow, reference, amount, idempotencyKey + ":refund");
            } else if (!status.equals("canceled")) {
                throw translate("release the refused payment of escrow " + escrow.value(), refused);
            }
        } catch (StripeException failure) {
            throw translate("release the refused payment of escrow " + escrow.value(), failure);
        }
        remember(idempotencyKey, "release", escrow, amount, reference);
    }

    /**
     * A new manual-capture PaymentIntent for the same amount, confirmed off-session with the card saved at funding;
     * only once it holds the money is the old one cancelled, so the escrow is never without a hold. A refusal
     * (declined, authentication required) leaves the old hold standing and is answered, not thrown.
     */
    @Override
    public HoldRenewal reauthorise(EscrowId escrow, Money amount, String idempotencyKey) {
        String previousId = currentIntent(escrow, idempotencyKey)
                .orElseThrow(() -> new IllegalStateException("No Stripe PaymentIntent is known for escrow " + escrow.value()));
        PaymentIntent renewed;
        try {
            PaymentIntent previous = stripe.paymentIntents().retrieve(previousId);
            renewed = stripe.paymentIntents().create(intentFor(escrow, amount)
                    .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                    .setCustomer(previous.getCustomer())
                    .setPaymentMethod(previous.getPaymentMethod())
                    .setOffSession(true)
                    .setConfirm(true)
                    .putMetadata("renews", previousId)
                    .build(), options(idempotencyKey));
        } catch (CardException | InvalidRequestException refused) {
            log.warn("Stripe refused to re-authorise the hold of escrow {}: {}", escrow.value(), reason(refused));
            return HoldRenewal.refused(reason(refused));
        } catch (StripeException failure) {
            throw translate("re-authorise the hold of escrow " + escrow.value(), failure);
        }
        if (!"requires_capture".equals(renewed.getStatus())) {
            return HoldRenewal.refused("renewal_" + renewed.getStatus());
        }
        remember(idempotencyKey, "reauth", escrow, amount, renewed.getId());
        try {
            stripe.paymentIntents().cancel(previousId, options(idempotencyKey + ":release-previous"));
        } catch (InvalidRequestException refused) {
            requireStatus(previousId, "canceled", "release the previous hold of escrow " + escrow.value(), refused);
        } catch (StripeException failure) {
            throw translate("release the previous hold of escrow " + escrow.value(), failure);
        }
        return HoldRenewal.renewed(renewed.getId(), authorisedUntil(renewed.getId()));
    }

    /** When the hold of PaymentIntent {@code intentId} lapses: its charge's {@code capture_before}; null when not a card hold. */
    public Instant authorisedUntil(String intentId) {
        try {
            Charge charge = stripe.paymentIntents().retrieve(intentId,
                    PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build(), (RequestOptions) null).getLatestChargeObject();
            if (charge == null || charge.getPaymentMethodDetails() == null || charge.getPaymentMethodDetails().getCard() == null
                    || charge.getPaymentMethodDetails().getCard().getCaptureBefore() == null) {
                return null;
            }
            return Instant.ofEpochSecond(charge.getPaymentMethodDetails().getCard().getCaptureBefore());
        } catch (StripeException failure) {
            throw translate("read when the hold of PaymentIntent " + intentId + " lapses", failure);
        }
    }

    @Override
    public String capture(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        String intentId = paymentIntentOf(escrow);
        if (strategy == FundingStrategy.HOLD) {
            try {
                stripe.paymentIntents().capture(intentId,
                        PaymentIntentCaptureParams.builder().setAmountToCapture(amount.amount()).build(), options(idempotencyKey));
            } catch (InvalidRequestException refused) {
                // Captured before, longer ago than Stripe replays idempotent answers: fine, anything else is not.
                requireStatus(intentId, "succeeded", "capture escrow " + escrow.value(), refused);
            } catch (StripeException failure) {
                throw translate("capture escrow " + escrow.value(), failure);
            }
        }
        // CHARGE: the money was captured at funding; it waits on the platform balance, there is nothing to capture.
        remember(idempotencyKey, "capture", escrow, amount, intentId);
        return intentId;
    }

    @Override
    public Optional<String> transfer(EscrowId escrow, UserId agent, Money payout, String idempotencyKey) {
        Optional<PayoutAccounts.PayoutAccount> account = payoutAccounts.of(agent)
                .filter(candidate -> candidate.status() == PayoutAccounts.Status.ACTIVE);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        String charge = chargeOf(escrow);
        TransferCreateParams params = TransferCreateParams.builder()
                .setAmount(payout.amount())
                .setCurrency(payout.currency().toLowerCase(Locale.ROOT))
                .setDestination(account.get().accountReference())
                .setTransferGroup(escrow.value())
                .setSourceTransaction(charge)
                .putMetadata(ESCROW_ID, escrow.value())
                .putMetadata("agent_id", agent.value())
                .build();
        try {
            Transfer transfer = stripe.transfers().create(params, options(idempotencyKey));
            remember(idempotencyKey, "transfer", escrow, payout, transfer.getId());
            return Optional.of(transfer.getId());
        } catch (StripeException failure) {
            throw translate("transfer the payout of escrow " + escrow.value(), failure);
        }
    }

    @Override
    public String refund(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        String intentId = paymentIntentOf(escrow);
        String reference;
        if (strategy == FundingStrategy.HOLD) {
            try {
                stripe.paymentIntents().cancel(intentId, options(idempotencyKey));
            } catch (InvalidRequestException refused) {
                requireStatus(intentId, "canceled", "cancel the hold of escrow " + escrow.value(), refused);
            } catch (StripeException failure) {
                throw translate("cancel the hold of escrow " + escrow.value(), failure);
            }
            reference = intentId;
        } else {
            reference = refundInFull(escrow, intentId, amount, idempotencyKey);
        }
        remember(idempotencyKey, "refund", escrow, amount, reference);
        return reference;
    }

    /**
     * The client secret of the escrow's PaymentIntent, which the business's browser confirms with Stripe.js. Read from
     * Stripe on demand rather than stored, so no secret rests in our database; empty before the intent exists.
     */
    public Optional<String> clientSecret(EscrowId escrow) {
        Optional<String> intentId = jdbc.query("""
                        SELECT reference FROM payment_call WHERE escrow_id = :escrow AND operation IN ('hold', 'charge')""",
                new MapSqlParameterSource("escrow", escrow.value()), (rs, row) -> rs.getString(1)).stream().findFirst();
        if (intentId.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(stripe.paymentIntents().retrieve(intentId.get()).getClientSecret());
        } catch (StripeException failure) {
            throw translate("read the PaymentIntent of escrow " + escrow.value(), failure);
        }
    }

    private String refundInFull(EscrowId escrow, String intentId, Money amount, String idempotencyKey) {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(intentId)
                .setAmount(amount.amount())
                .putMetadata(ESCROW_ID, escrow.value())
                .build();
        try {
            return stripe.refunds().create(params, options(idempotencyKey)).getId();
        } catch (StripeException failure) {
            throw translate("refund escrow " + escrow.value(), failure);
        }
    }

    /**
     * The agent's connected account (Express, able to receive transfers), created once per agent, and a fresh
     * account link to Stripe's hosted onboarding while the account is not active yet (links are single-use and expire).
     */
    @Override
    public Onboarding onboard(UserId agent) {
        Optional<PayoutAccounts.PayoutAccount> existing = payoutAccounts.of(agent);
        if (existing.isPresent() && existing.get().status() == PayoutAccounts.Status.ACTIVE) {
            return Onboarding.of(existing.get(), null);
        }
        try {
            PayoutAccounts.PayoutAccount account = existing.isPresent() ? existing.get() : payoutAccounts.savePending(agent,
                    stripe.accounts().create(AccountCreateParams.builder()
                            .setType(AccountCreateParams.Type.EXPRESS)
                            .setCapabilities(AccountCreateParams.Capabilities.builder()
                                    .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build()).build())
                            .putMetadata("agent_id", agent.value())
                            .build(), options("agent-" + agent.value() + ":connect-account")).getId(),
                    clock.instant());
            AccountLink link = stripe.accountLinks().create(AccountLinkCreateParams.builder()
                    .setAccount(account.accountReference())
                    .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                    .setRefreshUrl(onboardingReturnUrl)
                    .setReturnUrl(onboardingReturnUrl)
                    .build());
            return Onboarding.of(account, link.getUrl());
        } catch (StripeException failure) {
            throw translate("open the payout account of agent " + agent.value(), failure);
        }
    }

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private String paymentIntentOf(EscrowId escrow) {
        return currentIntent(escrow, "")
                .orElseThrow(() -> new IllegalStateException("No Stripe PaymentIntent is known for escrow " + escrow.value()));
    }

    /**
     * The escrow's PaymentIntent that holds (or is to hold) its money: the newest renewal, else the first one;
     * leaving out what the call with {@code excludedKey} made, so a retried renewal still sees the hold it replaces.
     */
    private Optional<String> currentIntent(EscrowId escrow, String excludedKey) {
        return jdbc.query("""
                        SELECT reference FROM payment_call
                        WHERE escrow_id = :escrow AND operation IN ('hold', 'charge', 'reauth') AND idempotency_key <> :excluded
                        ORDER BY created_at DESC, operation = 'reauth' DESC, idempotency_key DESC LIMIT 1""",
                        new MapSqlParameterSource("escrow", escrow.value()).addValue("excluded", excludedKey), (rs, row) -> rs.getString(1))
                .stream().findFirst();
    }

    private String statusOf(String intentId) {
        try {
            return stripe.paymentIntents().retrieve(intentId).getStatus();
        } catch (StripeException failure) {
            throw translate("read PaymentIntent " + intentId, failure);
        }
    }

    private String chargeOf(EscrowId escrow) {
        String intentId = paymentIntentOf(escrow);
        try {
            String charge = stripe.paymentIntents().retrieve(intentId).getLatestCharge();
            if (charge == null) {
                throw new IllegalStateException("PaymentIntent " + intentId + " of escrow " + escrow.value() + " has no charge");
            }
            return charge;
        } catch (StripeException failure) {
            throw translate("read the charge of escrow " + escrow.value(), failure);
        }
    }

    /** After a refusal of a repeated call: accepts it only when the PaymentIntent already is where the call would take it. */
    private void requireStatus(String intentId, String status, String what, InvalidRequestException refused) {
        if (!status.equals(statusOf(intentId))) {
            throw translate(what, refused);
        }
    }

    private void remember(String key, String operation, EscrowId escrow, Money amount, String reference) {
        jdbc.update("""
                INSERT INTO payment_call (idempotency_key, operation, escrow_id, amount, currency, reference, created_at)
                VALUES (:key, :operation, :escrow, :amount, :currency, :reference, :now) ON CONFLICT DO NOTHING""",
                new MapSqlParameterSource("key", key).addValue("operation", operation).addValue("escrow", escrow.value())
                        .addValue("amount", amount.amount()).addValue("currency", amount.currency())
                        .addValue("reference", reference).addValue("now", Timestamp.from(clock.instant())));
    }

    private void confirmLater(ProviderEvent event) {
        // The failure must not overtake the transaction that creates the escrow it fails.
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> {
                try {
                    events.handle(event);
                } catch (RuntimeException failure) {
                    log.error("Could not record Stripe's refusal {} for escrow {}", event.detail(), event.escrowId().value(), failure);
                }
            });
        } else {
            events.handle(event);
        }
    }

    /** Stripe's reason, such as {@code card_declined} or {@code card_declined (insufficient_funds)}. */
    private static String reason(StripeException refused) {
        String code = refused.getCode() != null ? refused.getCode() : "refused_by_stripe";
        if (refused instanceof CardException card && card.getDeclineCode() != null && !card.getDeclineCode().equals(code)) {
            return code + " (" + card.getDeclineCode() + ")";
        }
        return code;
    }

    private static PaymentProviderException translate(String what, StripeException failure) {
        boolean retryable = failure instanceof ApiConnectionException || failure instanceof ApiException || failure instanceof RateLimitException
                || (failure.getStatusCode() != null && failure.getStatusCode() >= 500);
        String code = reason(failure);
        String message = retryable
                ? "Stripe could not be reached to " + what + " (" + code + "); it will be asked again with the same idempotency key"
                : "Stripe refused to " + what + ": " + code + " (HTTP " + failure.getStatusCode() + ", request " + failure.getRequestId() + ")";
        return new PaymentProviderException(message, code, retryable, failure);
    }
}
