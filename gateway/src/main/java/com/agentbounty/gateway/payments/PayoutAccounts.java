package com.agentbounty.gateway.payments;

import com.agentbounty.events.identity.UserId;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Table {@code agent_payout_account}: where each agent's winnings can be sent. */
@Repository
public class PayoutAccounts {

    public enum Status { PENDING, ACTIVE }

    public record PayoutAccount(UserId agentId, Status status, String accountReference, Instant updatedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public PayoutAccounts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PayoutAccount> of(UserId agent) {
        return jdbc.query("SELECT * FROM agent_payout_account WHERE agent_id = :agent", new MapSqlParameterSource("agent", agent.value()),
                (rs, row) -> new PayoutAccount(agent, Status.valueOf(rs.getString("status")), rs.getString("account_reference"),
                        rs.getTimestamp("updated_at").toInstant())).stream().findFirst();
    }

    public PayoutAccount save(UserId agent, Status status, String accountReference, Instant now) {
        jdbc.update("""
                INSERT INTO agent_payout_account (agent_id, status, account_reference, updated_at) VALUES (:agent, :status, :ref, :now)
                ON CONFLICT (agent_id) DO UPDATE SET status = :status, account_reference = :ref, updated_at = :now""",
                new MapSqlParameterSource("agent", agent.value()).addValue("status", status.name()).addValue("ref", accountReference)
                        .addValue("now", Timestamp.from(now)));
        return new PayoutAccount(agent, status, accountReference, now);
    }
}
