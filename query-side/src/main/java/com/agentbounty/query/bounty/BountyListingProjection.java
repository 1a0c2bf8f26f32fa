package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.*;
import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyQueries.BountyDetailQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingPage;
import com.agentbounty.events.bounty.BountyQueries.BountyListingQuery;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.query.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bounty listing and detail read model: owns table {@code bounty_listing}, answers its queries, and tells
 * subscribers of a bounty's detail whenever that bounty changes. Handlers are idempotent, so a replay is harmless.
 */
@Component
@ReadModel(tables = "bounty_listing")
@ProcessingGroup(BountyListingProjection.PROCESSING_GROUP)
public class BountyListingProjection {

    public static final String PROCESSING_GROUP = "bounty-listing";

    private static final String COLUMNS =
            "bounty_id, business_id, title, description, reward_amount, reward_currency, deadline, tags, status, claimants, drafted_at, updated_at";

    private final NamedParameterJdbcTemplate jdbc;
    private final QueryUpdateEmitter updateEmitter;

    public BountyListingProjection(NamedParameterJdbcTemplate jdbc, QueryUpdateEmitter updateEmitter) {
        this.jdbc = jdbc;
        this.updateEmitter = updateEmitter;
    }

    @EventHandler
    void on(BountyDrafted event) {
        jdbc.update("""
                INSERT INTO bounty_listing (%s)
                VALUES (:id, :businessId, :title, :description, :amount, :currency, :deadline, :tags, :status, 0, :at, :at)
                ON CONFLICT (bounty_id) DO NOTHING""".formatted(COLUMNS),
                termsParameters(event.bountyId(), event.terms(), event.draftedAt())
                        .addValue("businessId", event.businessId().value())
                        .addValue("status", BountyStatus.DRAFT.name()));
        emitDetail(event.bountyId());
    }

    @EventHandler
    void on(BountyDraftRevised event) {
        jdbc.update("""
                UPDATE bounty_listing
                SET title = :title, description = :description, reward_amount = :amount, reward_currency = :currency,
                    deadline = :deadline, tags = :tags, updated_at = :at
                WHERE bounty_id = :id""",
                termsParameters(event.bountyId(), event.terms(), event.revisedAt()));
        emitDetail(event.bountyId());
    }

    @EventHandler
    void on(BountyFundingRequested event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeStatus(event.bountyId(), BountyStatus.FUNDING, at);
    }

    @EventHandler
    void on(BountyFundingFailed event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeStatus(event.bountyId(), BountyStatus.DRAFT, at);
    }

    @EventHandler
    void on(BountyOpened event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeStatus(event.bountyId(), BountyStatus.OPEN, at);
    }

    @EventHandler
    void on(BountyAwarded event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeStatus(event.bountyId(), BountyStatus.AWARDED, at);
    }

    @EventHandler
    void on(BountyCompleted event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeStatus(event.bountyId(), BountyStatus.COMPLETED, at);
    }

    @EventHandler
    void on(BountyExpired event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeStatus(event.bountyId(), BountyStatus.EXPIRED, at);
    }

    @EventHandler
    void on(BountyCancelled event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeStatus(event.bountyId(), BountyStatus.CANCELLED, at);
    }

    /** The events carry the new count, so a replay sets the same number again. */
    @EventHandler
    void on(BountyClaimed event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeClaimants(event.bountyId(), event.claimants(), at);
    }

    @EventHandler
    void on(ClaimWithdrawn event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeClaimants(event.bountyId(), event.claimants(), at);
    }

    private void changeStatus(BountyId id, BountyStatus status, Instant at) {
        jdbc.update("UPDATE bounty_listing SET status = :status, updated_at = :at WHERE bounty_id = :id",
                new MapSqlParameterSource("id", id.value()).addValue("status", status.name()).addValue("at", Timestamp.from(at)));
        emitDetail(id);
    }

    private void changeClaimants(BountyId id, int claimants, Instant at) {
        jdbc.update("UPDATE bounty_listing SET claimants = :claimants, updated_at = :at WHERE bounty_id = :id",
                new MapSqlParameterSource("id", id.value()).addValue("claimants", claimants).addValue("at", Timestamp.from(at)));
        emitDetail(id);
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE bounty_listing");
    }

    @QueryHandler
    public BountyListingPage handle(BountyListingQuery query) {
        int limit = Math.max(1, Math.min(query.limit(), BountyListingQuery.MAX_LIMIT));
        var parameters = new MapSqlParameterSource("limit", limit + 1)
                .addValue("viewer", query.viewer().value())
                .addValue("draft", BountyStatus.DRAFT.name());
        String after = "";
        if (query.cursor() != null) {
            ListingCursor cursor = ListingCursor.decode(query.cursor());
            after = "AND (drafted_at, bounty_id) < (:cursorAt, :cursorId)";
            parameters.addValue("cursorAt", Timestamp.from(cursor.draftedAt())).addValue("cursorId", cursor.bountyId());
        }
        // Same rule as BountyView.isVisibleTo: drafts only for their business.
        List<BountyView> rows = jdbc.query("""
                SELECT %s FROM bounty_listing
                WHERE (status <> :draft OR business_id = :viewer) %s
                ORDER BY drafted_at DESC, bounty_id DESC LIMIT :limit""".formatted(COLUMNS, after), parameters, VIEW);
        boolean hasMore = rows.size() > limit;
        List<BountyView> page = hasMore ? rows.subList(0, limit) : rows;
        String next = hasMore ? ListingCursor.after(page.get(page.size() - 1)).encode() : null;
        return new BountyListingPage(List.copyOf(page), next, hasMore);
    }

    @QueryHandler
    public Optional<BountyView> handle(BountyDetailQuery query) {
        return jdbc.query("SELECT %s FROM bounty_listing WHERE bounty_id = :id".formatted(COLUMNS),
                new MapSqlParameterSource("id", query.bountyId().value()), VIEW).stream().findFirst();
    }

    private void emitDetail(BountyId id) {
        handle(new BountyDetailQuery(id)).ifPresent(view ->
                updateEmitter.emit(BountyDetailQuery.class, query -> query.bountyId().equals(id), view));
    }

    private static MapSqlParameterSource termsParameters(BountyId id, BountyTerms terms, Instant at) {
        return new MapSqlParameterSource()
                .addValue("id", id.value())
                .addValue("title", terms.title())
                .addValue("description", terms.description())
                .addValue("amount", terms.reward().amount())
                .addValue("currency", terms.reward().currency())
                .addValue("deadline", Timestamp.from(terms.deadline()))
                .addValue("tags", terms.tags().toArray(String[]::new))
                .addValue("at", Timestamp.from(at));
    }

    private static final RowMapper<BountyView> VIEW = (ResultSet rs, int row) -> new BountyView(
            new BountyId(rs.getString("bounty_id")),
            new UserId(rs.getString("business_id")),
            rs.getString("title"),
            rs.getString("description"),
            new Money(rs.getLong("reward_amount"), rs.getString("reward_currency")),
            rs.getTimestamp("deadline").toInstant(),
            tags(rs.getArray("tags")),
            BountyStatus.valueOf(rs.getString("status")),
            rs.getInt("claimants"),
            rs.getTimestamp("drafted_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant());

    private static List<String> tags(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
