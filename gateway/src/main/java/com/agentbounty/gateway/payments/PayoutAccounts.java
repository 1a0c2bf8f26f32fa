package com.agentbounty.gateway.payments;

import com.agentbounty.events.agent.AgentPayoutAccountActivated;
import com.agentbounty.events.identity.UserId;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Table {@code agent_payout_account}: where each agent's winnings can be sent. An account becomes ACTIVE once
 * (PENDING → ACTIVE), and that moment is published as {@link AgentPayoutAccountActivated}, on which lifecycle sagas
 * holding the agent's payable transfer it.
 */
@Repository
public class PayoutAccounts {

    public enum Status { PENDING, ACTIVE }

    public record PayoutAccount(UserId agentId, Status status, String accountReference, Instant updatedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final EventGateway events;

    public PayoutAccounts(NamedParameterJdbcTemplate jdbc, EventGateway events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public Optional<PayoutAccount> of(UserId agent) {
        return jdbc.query("SELECT * FROM agent_payout_account WHERE agent_id = :agent", new MapSqlParameterSource("agent", agent.value()),
                (rs, row) -> new PayoutAccount(agent, Status.valueOf(rs.getString("status")), rs.getString("account_reference"),
                        rs.getTimestamp("updated_at").toInstant())).stream().findFirst();
    }

    /** Records an account that cannot receive transfers yet (a connected account still onboarding). */
    public PayoutAccount savePending(UserId agent, String accountReference, Instant now) {
        jdbc.update("""
                INSERT INTO agent_payout_account (agent_id, status, account_reference, updated_at) VALUES (:agent, 'PENDING', :ref, :now)
                ON CONFLICT (agent_id) DO UPDATE SET account_reference = :ref, updated_at = :now""",
                new MapSqlParameterSource("agent", agent.value()).addValue("ref", accountReference).addValue("now", Timestamp.from(now)));
        return of(agent).orElseThrow();
    }

    /**
     * The account {@code accountReference} can receive transfers now. Publishes {@link AgentPayoutAccountActivated}
     * on the first activation only (the row lock makes concurrent activations one). Empty when no agent has that account.
     */
    @Transactional
    public Optional<PayoutAccount> activate(String accountReference, Instant now) {
        Optional<UserId> agent = jdbc.query("SELECT agent_id FROM agent_payout_account WHERE account_reference = :ref",
                new MapSqlParameterSource("ref", accountReference), (rs, row) -> new UserId(rs.getString(1))).stream().findFirst();
        agent.ifPresent(owner -> {
            int activated = jdbc.update("""
                    UPDATE agent_payout_account SET status = 'ACTIVE', updated_at = :now WHERE agent_id = :agent AND status <> 'ACTIVE'""",
                    new MapSqlParameterSource("agent", owner.value()).addValue("now", Timestamp.from(now)));
            if (activated == 1) {
                events.publish(new AgentPayoutAccountActivated(owner, now));
            }
        });
        return agent.flatMap(this::of);
    }
}
