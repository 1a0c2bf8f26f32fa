package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A payment provider that moves no real money but behaves like one: every call is idempotent by its key (the first
 * answer is stored and returned again), and securing money is confirmed asynchronously, through
 * {@link ProviderEvents} exactly as Stripe's webhooks are, retried with back-off until it is accepted.
 * Like a card network's test cards, one amount is always declined: any amount whose last three digits in minor units
 * are {@value #DECLINED_SUFFIX} (for example 4.02 USD) fails with {@code card_declined}.
 */
public class SimulatedPaymentProvider implements PaymentAdapter, AutoCloseable {

    public static final int DECLINED_SUFFIX = 402;
    /** How long a simulated card hold lasts, as a Visa or Mastercard authorisation does. */
    static final Duration HOLD_LIFETIME = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(SimulatedPaymentProvider.class);
    private static final int DELIVERY_ATTEMPTS = 10;

    private final NamedParameterJdbcTemplate jdbc;
    private final ProviderEvents events;
    private final PayoutAccounts payoutAccounts;
    private final Clock clock;
    private final ScheduledExecutorService deliveries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simulated-payment-webhooks");
        thread.setDaemon(true);
        return thread;
    });

    public SimulatedPaymentProvider(NamedParameterJdbcTemplate jdbc, ProviderEvents events, PayoutAccounts payoutAccounts, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.payoutAccounts = payoutAccounts;
        this.clock = clock;
    }

    @Override
    public void secure(EscrowId escrow, UserId business, Money amount, FundingStrategy strategy, String idempotencyKey) {
        String reference = once(idempotencyKey, strategy == FundingStrategy.HOLD ? "hold" : "charge", escrow, amount, "pi_sim_");
        ProviderEvent event = amount.amount() % 1000 == DECLINED_SUFFIX
                ? ProviderEvent.failed("evt_sim_" + idempotencyKey, escrow, "card_declined")
                : ProviderEvent.secured("evt_sim_" + idempotencyKey, escrow, reference,
                        strategy == FundingStrategy.HOLD ? clock.instant().plus(HOLD_LIFETIME) : null);
        // The confirmation must not overtake the transaction that creates the escrow it confirms.
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> deliver(event, 1));
        } else {
            deliver(event, 1);
        }
    }

    @Override
    public void release(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        once(idempotencyKey, "release", escrow, amount, "pi_sim_released_");
    }

    @Override
    public HoldRenewal reauthorise(EscrowId escrow, Money amount, String idempotencyKey) {
        String reference = once(idempotencyKey, "reauth", escrow, amount, "pi_sim_");
        Instant authorisedAt = jdbc.queryForObject("SELECT created_at FROM payment_call WHERE idempotency_key = :key",
                new MapSqlParameterSource("key", idempotencyKey), Timestamp.class).toInstant();
        return HoldRenewal.renewed(reference, authorisedAt.plus(HOLD_LIFETIME));
    }

    /** Simulated onboarding completes at once: the account is active and payouts waiting for it leave. */
    @Override
    public Onboarding onboard(UserId agent) {
        String reference = "acct_sim_" + agent.value();
        payoutAccounts.savePending(agent, reference, clock.instant());
        return Onboarding.of(payoutAccounts.activate(reference, clock.instant()).orElseThrow(), null);
    }

    @Override
    public String capture(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        return once(idempotencyKey, "capture", escrow, amount, "ch_sim_");
    }

    @Override
    public Optional<String> transfer(EscrowId escrow, UserId agent, Money payout, String idempotencyKey) {
        boolean canReceive = payoutAccounts.of(agent).filter(account -> account.status() == PayoutAccounts.Status.ACTIVE).isPresent();
        return canReceive ? Optional.of(once(idempotencyKey, "transfer", escrow, payout, "tr_sim_")) : Optional.empty();
    }

    @Override
    public String refund(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        return once(idempotencyKey, "refund", escrow, amount, "re_sim_");
    }

    /** Records the call under its key unless it was made before, and answers the reference of the first call. */
    private String once(String key, String operation, EscrowId escrow, Money amount, String prefix) {
        jdbc.update("""
                INSERT INTO payment_call (idempotency_key, operation, escrow_id, amount, currency, reference, created_at)
                VALUES (:key, :operation, :escrow, :amount, :currency, :reference, :now) ON CONFLICT DO NOTHING""",
                new MapSqlParameterSource("key", key).addValue("operation", operation).addValue("escrow", escrow.value())
                        .addValue("amount", amount.amount()).addValue("currency", amount.currency())
                        .addValue("reference", prefix + key.replace(':', '_')).addValue("now", Timestamp.from(clock.instant())));
        return jdbc.queryForObject("SELECT reference FROM payment_call WHERE idempotency_key = :key",
                new MapSqlParameterSource("key", key), String.class);
    }

    private void deliver(ProviderEvent event, int attempt) {
        deliveries.schedule(() -> {
            try {
                events.handle(event);
            } catch (RuntimeException failure) {
                if (attempt < DELIVERY_ATTEMPTS) {
                    deliver(event, attempt + 1);
                } else {
                    log.error("Gave up delivering simulated provider event {} after {} attempts", event.eventId(), attempt, failure);
                }
            }
        }, attempt == 1 ? 0 : 100L << Math.min(attempt - 2, 6), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
    }
}
