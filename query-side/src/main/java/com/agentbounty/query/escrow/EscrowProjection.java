package com.agentbounty.query.escrow;

import com.agentbounty.events.agent.AgentEarnings;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.escrow.*;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.query.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Table {@code escrow_view}: each bounty's money, status and split, for its business and for the API. */
@Component
@ReadModel(tables = "escrow_view")
@ProcessingGroup(EscrowProjection.PROCESSING_GROUP)
public class EscrowProjection {

    public static final String PROCESSING_GROUP = "escrow-view";

    private final NamedParameterJdbcTemplate jdbc;

    public EscrowProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A bounty funded again after a refused payment shows its new escrow; a redelivered request changes nothing. */
    @EventHandler
    void on(EscrowRequested event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO escrow_view (escrow_id, bounty_id, business_id, status, strategy, currency, gross, updated_at)
                VALUES (:id, :bounty, :business, :status, :strategy, :currency, :gross, :at)
                ON CONFLICT (bounty_id) DO UPDATE SET escrow_id = EXCLUDED.escrow_id, status = EXCLUDED.status, strategy = EXCLUDED.strategy,
                    currency = EXCLUDED.currency, gross = EXCLUDED.gross, fee = NULL, payout = NULL, refunded = NULL, agent_id = NULL,
                    failure_reason = NULL, updated_at = EXCLUDED.updated_at
                WHERE escrow_view.status = 'FAILED' AND escrow_view.escrow_id <> EXCLUDED.escrow_id""",
                parameters(event.escrowId(), EscrowStatus.REQUESTED, at).addValue("bounty", event.bountyId().value())
                        .addValue("business", event.businessId().value()).addValue("strategy", event.strategy().name())
                        .addValue("currency", event.gross().currency()).addValue("gross", event.gross().amount()));
    }

    @EventHandler
    void on(EscrowHeld event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status", parameters(event.escrowId(), EscrowStatus.HELD, at));
    }

    @EventHandler
    void on(EscrowFailed event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status, failure_reason = :reason", parameters(event.escrowId(), EscrowStatus.FAILED, at).addValue("reason", event.reason()));
    }

    /** The business is told why its bounty ends early: the hold could not be renewed (the refund follows). */
    @EventHandler
    void on(EscrowHoldRenewalFailed event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("failure_reason = :reason", parameters(event.escrowId(), EscrowStatus.HELD, at)
                .addValue("reason", "hold_not_renewed: " + event.reason()));
    }

    @EventHandler
    void on(EscrowCaptured event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status, fee = :fee, payout = :payout, agent_id = :agent", parameters(event.escrowId(), EscrowStatus.CAPTURED, at)
                .addValue("fee", event.fee().amount()).addValue("payout", event.payout().amount()).addValue("agent", event.agentId().value()));
    }

    @EventHandler
    void on(EscrowPaidOut event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status", parameters(event.escrowId(), EscrowStatus.PAID_OUT, at));
    }

    @EventHandler
    void on(EscrowRefunded event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status, refunded = :refunded", parameters(event.escrowId(), EscrowStatus.REFUNDED, at)
                .addValue("refunded", event.amount().amount()));
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE escrow_view");
    }

    @QueryHandler
    public Optional<EscrowView> handle(EscrowView.EscrowOfBountyQuery query) {
        return jdbc.query("SELECT * FROM escrow_view WHERE bounty_id = :bounty", new MapSqlParameterSource("bounty", query.bountyId().value()),
                (rs, row) -> view(rs)).stream().findFirst();
    }

    /** Sums of the agent's won escrows per currency: earned, of which paid out and captured but still waiting for its payout account. */
    @QueryHandler
    public AgentEarnings handle(AgentEarnings.AgentEarningsQuery query) {
        return new AgentEarnings(query.agentId(), jdbc.query("""
                SELECT currency, sum(payout) AS earned,
                       coalesce(sum(payout) FILTER (WHERE status = 'PAID_OUT'), 0) AS paid_out,
                       coalesce(sum(payout) FILTER (WHERE status = 'CAPTURED'), 0) AS awaiting,
                       count(*) AS wins
                FROM escrow_view WHERE agent_id = :agent AND status IN ('CAPTURED', 'PAID_OUT')
                GROUP BY currency ORDER BY currency""",
                new MapSqlParameterSource("agent", query.agentId().value()),
                (rs, row) -> new AgentEarnings.Line(rs.getString("currency"), new Money(rs.getLong("earned"), rs.getString("currency")),
                        new Money(rs.getLong("paid_out"), rs.getString("currency")),
                        new Money(rs.getLong("awaiting"), rs.getString("currency")), rs.getInt("wins"))));
    }

    private void update(String assignments, MapSqlParameterSource parameters) {
        jdbc.update("UPDATE escrow_view SET " + assignments + ", updated_at = :at WHERE escrow_id = :id", parameters);
    }

    private static MapSqlParameterSource parameters(EscrowId id, EscrowStatus status, Instant at) {
        return new MapSqlParameterSource("id", id.value()).addValue("status", status.name()).addValue("at", Timestamp.from(at));
    }

    private static EscrowView view(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        return new EscrowView(new EscrowId(rs.getString("escrow_id")), new BountyId(rs.getString("bounty_id")),
                new UserId(rs.getString("business_id")), EscrowStatus.valueOf(rs.getString("status")),
                FundingStrategy.valueOf(rs.getString("strategy")), new Money(rs.getLong("gross"), currency),
                money(rs, "fee", currency), money(rs, "payout", currency), money(rs, "refunded", currency),
                rs.getString("agent_id") == null ? null : new UserId(rs.getString("agent_id")),
                rs.getString("failure_reason"), rs.getTimestamp("updated_at").toInstant());
    }

    private static Money money(ResultSet rs, String column, String currency) throws SQLException {
        long amount = rs.getLong(column);
        return rs.wasNull() ? null : new Money(amount, currency);
    }
}
