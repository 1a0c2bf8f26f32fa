package com.agentbounty.query.dashboard;

import com.agentbounty.query.ReadModel;
import com.agentbounty.events.bounty.BountyAwarded;
import com.agentbounty.events.bounty.BountyCancelled;
import com.agentbounty.events.bounty.BountyCompleted;
import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyExpired;
import com.agentbounty.events.bounty.BountyFundingFailed;
import com.agentbounty.events.bounty.BountyFundingRequested;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyOpened;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.dashboard.BusinessDashboard;
import com.agentbounty.events.escrow.EscrowCaptured;
import com.agentbounty.events.escrow.EscrowFailed;
import com.agentbounty.events.escrow.EscrowHeld;
import com.agentbounty.events.escrow.EscrowPaidOut;
import com.agentbounty.events.escrow.EscrowRefunded;
import com.agentbounty.events.escrow.EscrowStatus;
import com.agentbounty.events.money.Money;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Table {@code business_dashboard_bounty}: each bounty's status and money as its business sees them, summed per
 * business and currency by the dashboard query. Every handler sets values from its event (never adds), so a replayed
 * event writes the same row again.
 */
@Component
@ReadModel(tables = "business_dashboard_bounty")
@ProcessingGroup(BusinessDashboardProjection.PROCESSING_GROUP)
public class BusinessDashboardProjection {

    public static final String PROCESSING_GROUP = "business-dashboard";

    private final NamedParameterJdbcTemplate jdbc;

    public BusinessDashboardProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(BountyDrafted event) {
        jdbc.update("""
                INSERT INTO business_dashboard_bounty (bounty_id, business_id, status, currency, updated_at)
                VALUES (:id, :business, :status, :currency, :at) ON CONFLICT DO NOTHING""",
                parameters(event.bountyId(), event.draftedAt()).addValue("business", event.businessId().value())
                        .addValue("status", BountyStatus.DRAFT.name()).addValue("currency", event.terms().reward().currency()));
    }

    @EventHandler
    void on(BountyDraftRevised event) {
        update(event.bountyId(), "currency = :currency", parameters(event.bountyId(), event.revisedAt())
                .addValue("currency", event.terms().reward().currency()));
    }

    @EventHandler
    void on(BountyFundingRequested event, @Timestamp Instant at) {
        update(event.bountyId(), "status = :status, escrow_status = :escrow, gross = :gross", status(event.bountyId(), BountyStatus.FUNDING, at)
                .addValue("escrow", EscrowStatus.REQUESTED.name()).addValue("gross", event.reward().amount()));
    }

    @EventHandler
    void on(BountyFundingFailed event, @Timestamp Instant at) {
        update(event.bountyId(), "status = :status", status(event.bountyId(), BountyStatus.DRAFT, at));
    }

    @EventHandler
    void on(BountyOpened event, @Timestamp Instant at) {
        update(event.bountyId(), "status = :status", status(event.bountyId(), BountyStatus.OPEN, at));
    }

    @EventHandler
    void on(BountyAwarded event, @Timestamp Instant at) {
        update(event.bountyId(), "status = :status", status(event.bountyId(), BountyStatus.AWARDED, at));
    }

    @EventHandler
    void on(BountyCompleted event, @Timestamp Instant at) {
        update(event.bountyId(), "status = :status", status(event.bountyId(), BountyStatus.COMPLETED, at));
    }

    @EventHandler
    void on(BountyExpired event, @Timestamp Instant at) {
        update(event.bountyId(), "status = :status", status(event.bountyId(), BountyStatus.EXPIRED, at));
    }

    @EventHandler
    void on(BountyCancelled event, @Timestamp Instant at) {
        update(event.bountyId(), "status = :status", status(event.bountyId(), BountyStatus.CANCELLED, at));
    }

    @EventHandler
    void on(EscrowHeld event, @Timestamp Instant at) {
        update(event.bountyId(), "escrow_status = :escrow, gross = :gross", escrow(event.bountyId(), EscrowStatus.HELD, at)
                .addValue("gross", event.gross().amount()));
    }

    @EventHandler
    void on(EscrowFailed event, @Timestamp Instant at) {
        update(event.bountyId(), "escrow_status = :escrow", escrow(event.bountyId(), EscrowStatus.FAILED, at));
    }

    @EventHandler
    void on(EscrowCaptured event, @Timestamp Instant at) {
        update(event.bountyId(), "escrow_status = :escrow, fee = :fee", escrow(event.bountyId(), EscrowStatus.CAPTURED, at)
                .addValue("fee", event.fee().amount()));
    }

    @EventHandler
    void on(EscrowPaidOut event, @Timestamp Instant at) {
        update(event.bountyId(), "escrow_status = :escrow", escrow(event.bountyId(), EscrowStatus.PAID_OUT, at));
    }

    @EventHandler
    void on(EscrowRefunded event, @Timestamp Instant at) {
        update(event.bountyId(), "escrow_status = :escrow, refunded = :refunded", escrow(event.bountyId(), EscrowStatus.REFUNDED, at)
                .addValue("refunded", event.amount().amount()));
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE business_dashboard_bounty");
    }

    /**
     * Spent is the gross of captured escrows (captured or paid out), fees the platform's share of it, refunded what came
     * back, held the gross of escrows held now (neither captured nor refunded).
     */
    @QueryHandler
    public BusinessDashboard handle(BusinessDashboard.BusinessDashboardQuery query) {
        var business = new MapSqlParameterSource("business", query.businessId().value());
        Map<BountyStatus, Integer> byStatus = new EnumMap<>(BountyStatus.class);
        jdbc.query("SELECT status, count(*) AS bounties FROM business_dashboard_bounty WHERE business_id = :business GROUP BY status",
                business, rs -> {
                    byStatus.put(BountyStatus.valueOf(rs.getString("status")), rs.getInt("bounties"));
                });
        var lines = jdbc.query("""
                SELECT currency,
                       coalesce(sum(gross) FILTER (WHERE escrow_status IN ('CAPTURED', 'PAID_OUT')), 0) AS spent,
                       coalesce(sum(fee), 0) AS fees,
                       coalesce(sum(refunded), 0) AS refunded,
                       coalesce(sum(gross) FILTER (WHERE escrow_status = 'HELD'), 0) AS held
                FROM business_dashboard_bounty
                WHERE business_id = :business AND escrow_status IN ('HELD', 'CAPTURED', 'PAID_OUT', 'REFUNDED')
                GROUP BY currency ORDER BY currency""", business,
                (rs, row) -> {
                    String currency = rs.getString("currency");
                    return new BusinessDashboard.Line(currency, new Money(rs.getLong("spent"), currency), new Money(rs.getLong("fees"), currency),
                            new Money(rs.getLong("refunded"), currency), new Money(rs.getLong("held"), currency));
                });
        return new BusinessDashboard(query.businessId(), byStatus, lines);
    }

    private void update(BountyId bounty, String assignments, MapSqlParameterSource parameters) {
        jdbc.update("UPDATE business_dashboard_bounty SET " + assignments + ", updated_at = :at WHERE bounty_id = :id", parameters);
    }

    private static MapSqlParameterSource status(BountyId bounty, BountyStatus status, Instant at) {
        return parameters(bounty, at).addValue("status", status.name());
    }

    private static MapSqlParameterSource escrow(BountyId bounty, EscrowStatus status, Instant at) {
        return parameters(bounty, at).addValue("escrow", status.name());
    }

    private static MapSqlParameterSource parameters(BountyId bounty, Instant at) {
        return new MapSqlParameterSource("id", bounty.value()).addValue("at", java.sql.Timestamp.from(at));
    }
}
