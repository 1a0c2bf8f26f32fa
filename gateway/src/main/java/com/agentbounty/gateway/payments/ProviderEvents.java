package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.RecordEscrowFailed;
import com.agentbounty.events.escrow.RecordEscrowHeld;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * The one path by which provider events become commands, for the simulator and for Stripe's webhooks alike. An
 * event is acted on once: its id is recorded in the same transaction as the command, so a failed command leaves it
 * unrecorded (the provider retries) and a duplicate finds it recorded (and changes nothing). Order does not matter:
 * the Escrow ignores a confirmation that no longer fits its state.
 */
@Component
public class ProviderEvents {

    private final NamedParameterJdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;

    public ProviderEvents(NamedParameterJdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    /** @return false when this event was handled before */
    @Transactional
    public boolean handle(ProviderEvent event) {
        int recorded = jdbc.update("""
                INSERT INTO processed_provider_event (event_id, received_at) VALUES (:id, :at) ON CONFLICT DO NOTHING""",
                new MapSqlParameterSource("id", event.eventId()).addValue("at", Timestamp.from(clock.instant())));
        if (recorded == 0) {
            return false;
        }
        switch (event.kind()) {
            case SECURED -> commands.sendAndWait(new RecordEscrowHeld(event.escrowId(), event.detail()));
            case FAILED -> commands.sendAndWait(new RecordEscrowFailed(event.escrowId(), event.detail()));
        }
        return true;
    }
}
