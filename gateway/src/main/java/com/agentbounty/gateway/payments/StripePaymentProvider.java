package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.sagas.bounty.PaymentProvider;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.TransferCreateParams;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * The payment port on Stripe (stripe-java). HOLD is a PaymentIntent with {@code capture_method=manual}, captured on
 * award; CHARGE a PaymentIntent captured automatically, its money waiting on the platform balance. Refund cancels the
 * hold or refunds the charge in full; the agent is paid by a Connect transfer in the escrow's {@code transfer_group}
 * with the charge as {@code source_transaction}. Every mutating call carries the saga's idempotency key (escrow id +
 * step); stripe-java retries network errors and 5xx with that same key, never a 4xx. The PaymentIntent carries
 * {@code metadata.escrow_id}, by which its webhooks find the escrow again; the id of each object Stripe created is
 * remembered in {@code payment_call} by idempotency key.
 */
public class StripePaymentProvider implements PaymentProvider {

    static final String ESCROW_ID = "escrow_id";

    private static final Logger log = LoggerFactory.getLogger(StripePaymentProvider.class);

    private final StripeClient stripe;
    private final NamedParameterJdbcTemplate jdbc;
    private final ProviderEvents events;
    private final PayoutAccounts payoutAccounts;
    private final Clock clock;

    public StripePaymentProvider(StripeClient stripe, NamedParameterJdbcTemplate jdbc, ProviderEvents events, PayoutAccounts payoutAccounts,
                                 Clock clock) {
        this.stripe = stripe;
        this.jdbc = jdbc;
        this.events = events;
        this.payoutAccounts = payoutAccounts;
        this.clock = clock;
    }

    /**
     * Creates the PaymentIntent the business then confirms with its client secret; Stripe's webhook says when the
     * money is held or charged. A refusal at creation (a declined card, an amount Stripe does not accept) fails the
     * escrow through the same provider-event path a webhook takes.
     */
    @Override
    public void secure(EscrowId escrow, UserId business, Money amount, FundingStrategy strategy, String idempotencyKey) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(amount.amount())
                .setCurrency(amount.currency().toLowerCase(Locale.ROOT))
                .setCaptureMethod(strategy == FundingStrategy.HOLD
                        ? PaymentIntentCreateParams.CaptureMethod.MANUAL : PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
                .addPaymentMethodType("card")
                .setTransferGroup(escrow.value())
                .putMetadata(ESCROW_ID, escrow.value())
                .putMetadata("business_id", business.value())
                .setDescription("Agent-Bounty escrow " + escrow.value())
                .build();
        PaymentIntent intent;
        try {
            intent = stripe.paymentIntents().create(params, options(idempotencyKey));
        } catch (CardException | InvalidRequestException refused) {
            String reason = reason(refused);
            log.info("Stripe refused to secure escrow {}: {}", escrow.value(), reason);
            confirmLater(new ProviderEvent("stripe_refused:" + idempotencyKey, ProviderEvent.Kind.FAILED, escrow, reason));
            return;
        } catch (StripeException failure) {
            throw translate("create the PaymentIntent of escrow " + escrow.value(), failure);
        }
        remember(idempotencyKey, strategy == FundingStrategy.HOLD ? "hold" : "charge", escrow, amount, intent.getId());
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
            RefundCreateParams params = RefundCreateParams.builder()
                    .setPaymentIntent(intentId)
                    .setAmount(amount.amount())
                    .putMetadata(ESCROW_ID, escrow.value())
                    .build();
            try {
                Refund refund = stripe.refunds().create(params, options(idempotencyKey));
                reference = refund.getId();
            } catch (StripeException failure) {
                throw translate("refund escrow " + escrow.value(), failure);
            }
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

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private String paymentIntentOf(EscrowId escrow) {
        return jdbc.query("""
                        SELECT reference FROM payment_call WHERE escrow_id = :escrow AND operation IN ('hold', 'charge')""",
                        new MapSqlParameterSource("escrow", escrow.value()), (rs, row) -> rs.getString(1))
                .stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("No Stripe PaymentIntent is known for escrow " + escrow.value()));
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
        try {
            if (status.equals(stripe.paymentIntents().retrieve(intentId).getStatus())) {
                return;
            }
        } catch (StripeException failure) {
            throw translate("read PaymentIntent " + intentId, failure);
        }
        throw translate(what, refused);
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
