package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.RecordEscrowFailed;
import com.agentbounty.events.escrow.RecordEscrowHeld;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The one path by which provider events take effect, for the simulator and for Stripe's webhooks alike. An event is
 * acted on once: its id is recorded in the same transaction as its effect, so a failed command leaves it unrecorded
 * (the provider retries) and a duplicate, sequential or concurrent, finds it recorded (the primary key) and changes
 * nothing. Order does not matter: the Escrow ignores a confirmation that no longer fits its state. An event about an
 * escrow or connected account that is not ours is recorded with that outcome and acknowledged: retrying could never
 * help, and it stays findable.
 */
@Component
public class ProviderEvents {

    /** What became of a delivery. */
    public enum Outcome {
        ACTED, DUPLICATE, NOT_OURS;

        boolean duplicate() {
            return this == DUPLICATE;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ProviderEvents.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final CommandGateway commands;
    private final PayoutAccounts payoutAccounts;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ProviderEvents(NamedParameterJdbcTemplate jdbc, CommandGateway commands, PayoutAccounts payoutAccounts,
                          TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.payoutAccounts = payoutAccounts;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Outcome handle(ProviderEvent event) {
        try {
            return once(event.eventId(), event.escrowId().value(), () -> {
                switch (event.kind()) {
                    case SECURED -> commands.sendAndWait(new RecordEscrowHeld(event.escrowId(), event.detail(), event.authorisedUntil()));
                    case FAILED -> commands.sendAndWait(new RecordEscrowFailed(event.escrowId(), event.detail()));
                }
                return true;
            });
        } catch (AggregateNotFoundException unknown) {
            // The transaction of the command rolled back; record the event on its own so it is not delivered forever.
            log.warn("Provider event {} names escrow {}, which does not exist here; recorded and ignored", event.eventId(),
                    event.escrowId().value());
            return once(event.eventId(), event.escrowId().value(), () -> false);
        }
    }

    /** A connected account can now receive transfers: its agent's payout account becomes active, once. */
    public Outcome payoutAccountActivated(String eventId, String accountReference) {
        return once(eventId, accountReference, () -> payoutAccounts.activate(accountReference, clock.instant()).isPresent());
    }

    /** Runs {@code effect} unless this event was recorded before; {@code effect} answers false when the subject is not ours. */
    private Outcome once(String eventId, String subject, BooleanSupplier effect) {
        return transactions.execute(status -> {
            int recorded = jdbc.update("""
                    INSERT INTO processed_provider_event (event_id, received_at, subject) VALUES (:id, :at, :subject)
                    ON CONFLICT DO NOTHING""",
                    new MapSqlParameterSource("id", eventId).addValue("at", Timestamp.from(clock.instant())).addValue("subject", subject));
            if (recorded == 0) {
                return Outcome.DUPLICATE;
            }
            if (effect.getAsBoolean()) {
                return Outcome.ACTED;
            }
            jdbc.update("UPDATE processed_provider_event SET outcome = 'NOT_OURS' WHERE event_id = :id", new MapSqlParameterSource("id", eventId));
            return Outcome.NOT_OURS;
        });
    }
}
