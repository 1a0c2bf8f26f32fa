package com.agentbounty.query.analytics;

import com.agentbounty.query.ReadModel;
import com.agentbounty.events.analytics.Analytics;
import com.agentbounty.events.analytics.Analytics.DailyRow;
import com.agentbounty.events.analytics.Analytics.Figures;
import com.agentbounty.events.analytics.Analytics.SummaryRow;
import com.agentbounty.events.analytics.Analytics.TagRow;
import com.agentbounty.events.analytics.Analytics.TopAgentRow;
import com.agentbounty.events.bounty.BountyAwarded;
import com.agentbounty.events.bounty.BountyCancelled;
import com.agentbounty.events.bounty.BountyCompleted;
import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyExpired;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyOpened;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.escrow.EscrowCaptured;
import com.agentbounty.events.escrow.EscrowHeld;
import com.agentbounty.events.escrow.EscrowPaidOut;
import com.agentbounty.events.escrow.EscrowRefunded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Table {@code analytics_bounty} (the facts of each bounty: its moments and its money) and the view
 * {@code analytics_daily} over it; the analyst's queries. Each handler sets the columns of its own moment from its
 * event, so a replay writes the same row again. A moment's time is the event's time.
 */
@Component
@ReadModel(tables = "analytics_bounty")
@ProcessingGroup(AnalyticsProjection.PROCESSING_GROUP)
public class AnalyticsProjection {

    public static final String PROCESSING_GROUP = "analytics";

    private final NamedParameterJdbcTemplate jdbc;

    public AnalyticsProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(BountyDrafted event) {
        jdbc.update("""
                INSERT INTO analytics_bounty (bounty_id, business_id, currency, reward, tags, status, drafted_at)
                VALUES (:id, :business, :currency, :reward, :tags, :status, :at) ON CONFLICT DO NOTHING""",
                terms(event.bountyId(), event.terms(), event.draftedAt()).addValue("business", event.businessId().value())
                        .addValue("status", BountyStatus.DRAFT.name()));
    }

    @EventHandler
    void on(BountyDraftRevised event) {
        set(event.bountyId(), "currency = :currency, reward = :reward, tags = :tags", terms(event.bountyId(), event.terms(), event.revisedAt()));
    }

    @EventHandler
    void on(BountyOpened event, @Timestamp Instant at) {
        set(event.bountyId(), "status = :status, opened_at = :at", moment(event.bountyId(), at).addValue("status", BountyStatus.OPEN.name()));
    }

    @EventHandler
    void on(BountyAwarded event, @Timestamp Instant at) {
        set(event.bountyId(), "status = :status, awarded_at = :at, winner_id = :winner", moment(event.bountyId(), at)
                .addValue("status", BountyStatus.AWARDED.name()).addValue("winner", event.agentId().value()));
    }

    @EventHandler
    void on(BountyCompleted event, @Timestamp Instant at) {
        set(event.bountyId(), "status = :status", moment(event.bountyId(), at).addValue("status", BountyStatus.COMPLETED.name()));
    }

    @EventHandler
    void on(BountyExpired event, @Timestamp Instant at) {
        set(event.bountyId(), "status = :status, ended_at = :at", moment(event.bountyId(), at).addValue("status", BountyStatus.EXPIRED.name()));
    }

    @EventHandler
    void on(BountyCancelled event, @Timestamp Instant at) {
        set(event.bountyId(), "status = :status, ended_at = :at", moment(event.bountyId(), at).addValue("status", BountyStatus.CANCELLED.name()));
    }

    @EventHandler
    void on(EscrowHeld event, @Timestamp Instant at) {
        set(event.bountyId(), "funded_gross = :gross, funded_at = :at", moment(event.bountyId(), at).addValue("gross", event.gross().amount()));
    }

    @EventHandler
    void on(EscrowCaptured event, @Timestamp Instant at) {
        set(event.bountyId(), "captured_gross = :gross, fee = :fee, payout = :payout, captured_at = :at", moment(event.bountyId(), at)
                .addValue("gross", event.gross().amount()).addValue("fee", event.fee().amount()).addValue("payout", event.payout().amount()));
    }

    @EventHandler
    void on(EscrowPaidOut event, @Timestamp Instant at) {
        set(event.bountyId(), "paid_out_at = :at", moment(event.bountyId(), at));
    }

    @EventHandler
    void on(EscrowRefunded event, @Timestamp Instant at) {
        set(event.bountyId(), "refunded = :refunded, refunded_at = :at", moment(event.bountyId(), at).addValue("refunded", event.amount().amount()));
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE analytics_bounty");
    }

    @QueryHandler
    public List<DailyRow> handle(Analytics.DailyQuery query) {
        return jdbc.query("""
                SELECT * FROM analytics_daily WHERE day BETWEEN :fromDay AND :toDay ORDER BY day, currency""", range(query.range()),
                (rs, row) -> new DailyRow(rs.getObject("day", java.time.LocalDate.class), rs.getString("currency"), rs.getLong("bounties_opened"),
                        rs.getLong("bounties_awarded"), rs.getLong("funded"), rs.getLong("volume"), rs.getLong("fee_revenue"),
                        rs.getLong("paid_out"), rs.getLong("refunded")));
    }

    @QueryHandler
    public List<SummaryRow> handle(Analytics.SummaryQuery query) {
        return jdbc.query("SELECT currency, " + FIGURES + " FROM analytics_bounty WHERE " + ANY_IN_RANGE + " GROUP BY currency ORDER BY currency",
                range(query.range()), (rs, row) -> new SummaryRow(rs.getString("currency"), figures(rs)));
    }

    @QueryHandler
    public List<TagRow> handle(Analytics.TagsQuery query) {
        return jdbc.query("SELECT tag, currency, " + FIGURES + " FROM analytics_bounty, unnest(tags) AS tag WHERE " + ANY_IN_RANGE
                        + " GROUP BY tag, currency ORDER BY tag, currency",
                range(query.range()), (rs, row) -> new TagRow(rs.getString("tag"), rs.getString("currency"), figures(rs)));
    }

    /** Ranked by bounties awarded in the range, then by what they earned; one row per agent and currency. */
    @QueryHandler
    public List<TopAgentRow> handle(Analytics.TopAgentsQuery query) {
        int limit = Math.max(1, Math.min(query.limit(), Analytics.TopAgentsQuery.MAX_LIMIT));
        return jdbc.query("""
                SELECT rank() OVER (ORDER BY count(*) DESC, coalesce(sum(b.payout), 0) DESC) AS rank,
                       b.winner_id, p.display_name, b.currency, count(*) AS wins, coalesce(sum(b.payout), 0) AS earned
                FROM analytics_bounty b LEFT JOIN agent_profile p ON p.agent_id = b.winner_id
                WHERE b.awarded_at >= :from AND b.awarded_at < :until
                GROUP BY b.winner_id, p.display_name, b.currency
                ORDER BY rank, b.winner_id, b.currency LIMIT :limit""", range(query.range()).addValue("limit", limit),
                (rs, row) -> new TopAgentRow(rs.getInt("rank"), rs.getString("winner_id"), rs.getString("display_name"), rs.getString("currency"),
                        rs.getLong("wins"), rs.getLong("earned")));
    }

    private static String inRange(String column) {
        return "(" + column + " >= :from AND " + column + " < :until)";
    }

    private static final String ANY_IN_RANGE = String.join(" OR ", inRange("opened_at"), inRange("awarded_at"), inRange("ended_at"),
            inRange("captured_at"), inRange("paid_out_at"), inRange("refunded_at"));

    /** The {@link Figures} of a group of bounties, each counted on the day of its own moment. */
    private static final String FIGURES = """
            count(*) FILTER (WHERE %1$s) AS opened,
            count(*) FILTER (WHERE %2$s) AS awarded,
            count(*) FILTER (WHERE status = 'EXPIRED' AND %3$s) AS expired,
            count(*) FILTER (WHERE status = 'CANCELLED' AND opened_at IS NOT NULL AND %3$s) AS cancelled,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM awarded_at - opened_at)) FILTER (WHERE %2$s) AS median_to_award,
            coalesce(sum(captured_gross) FILTER (WHERE %4$s), 0) AS volume,
            coalesce(sum(fee) FILTER (WHERE %4$s), 0) AS fee_revenue,
            coalesce(sum(payout) FILTER (WHERE %5$s), 0) AS paid_out,
            coalesce(sum(refunded) FILTER (WHERE %6$s), 0) AS refunded""".formatted(inRange("opened_at"), inRange("awarded_at"),
            inRange("ended_at"), inRange("captured_at"), inRange("paid_out_at"), inRange("refunded_at"));

    private static Figures figures(ResultSet rs) throws SQLException {
        long awarded = rs.getLong("awarded");
        long expired = rs.getLong("expired");
        long cancelled = rs.getLong("cancelled");
        long ended = awarded + expired + cancelled;
        double median = rs.getDouble("median_to_award");
        Long medianSeconds = rs.wasNull() ? null : Math.round(median);
        return new Figures(rs.getLong("opened"), awarded, expired, cancelled, ended == 0 ? null : (double) awarded / ended, medianSeconds,
                rs.getLong("volume"), rs.getLong("fee_revenue"), rs.getLong("paid_out"), rs.getLong("refunded"));
    }

    private static MapSqlParameterSource range(Analytics.Range range) {
        return new MapSqlParameterSource("fromDay", range.from()).addValue("toDay", range.to())
                .addValue("from", java.sql.Timestamp.from(range.from().atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("until", java.sql.Timestamp.from(range.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }

    private void set(BountyId bounty, String assignments, MapSqlParameterSource parameters) {
        jdbc.update("UPDATE analytics_bounty SET " + assignments + " WHERE bounty_id = :id", parameters);
    }

    private static MapSqlParameterSource moment(BountyId bounty, Instant at) {
        return new MapSqlParameterSource("id", bounty.value()).addValue("at", java.sql.Timestamp.from(at));
    }

    private static MapSqlParameterSource terms(BountyId bounty, BountyTerms terms, Instant at) {
        return moment(bounty, at).addValue("currency", terms.reward().currency()).addValue("reward", terms.reward().amount())
                .addValue("tags", terms.tags().toArray(String[]::new));
    }
}
