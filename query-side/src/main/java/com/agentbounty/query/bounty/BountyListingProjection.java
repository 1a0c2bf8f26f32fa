package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.BountyAwarded;
import com.agentbounty.events.bounty.BountyCancelled;
import com.agentbounty.events.bounty.BountyClaimed;
import com.agentbounty.events.bounty.BountyCompleted;
import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyExpired;
import com.agentbounty.events.bounty.BountyFundingFailed;
import com.agentbounty.events.bounty.BountyFundingRequested;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyOpened;
import com.agentbounty.events.bounty.BountyQueries.BountyChangesQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyDetailQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingFilter;
import com.agentbounty.events.bounty.BountyQueries.BountyListingPage;
import com.agentbounty.events.bounty.BountyQueries.BountyListingQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingSort;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.bounty.ClaimWithdrawn;
import com.agentbounty.events.bounty.SolutionSubmitted;
import com.agentbounty.events.escrow.EscrowCaptured;
import com.agentbounty.events.escrow.EscrowFailed;
import com.agentbounty.events.escrow.EscrowHeld;
import com.agentbounty.events.escrow.EscrowPaidOut;
import com.agentbounty.events.escrow.EscrowRefunded;
import com.agentbounty.events.escrow.EscrowRequested;
import com.agentbounty.events.escrow.EscrowStatus;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.query.cache.ReadCache;
import com.agentbounty.query.ReadModel;
import com.agentbounty.query.Subscribers;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bounty listing and detail read model: owns tables {@code bounty_listing} and {@code bounty_listing_submission},
 * answers their queries (through {@link ReadCache}), tells subscribers of a bounty's detail whenever that bounty
 * changes, and retires the cached answers that a change makes stale. Handlers are idempotent, so a replay is harmless.
 */
@Component
@ReadModel(tables = {"bounty_listing", "bounty_listing_submission"})
@ProcessingGroup(BountyListingProjection.PROCESSING_GROUP)
public class BountyListingProjection {

    public static final String PROCESSING_GROUP = "bounty-listing";

    /** Where a bounty's detail is cached within its scope (the bounty id); the API reads it there itself. */
    public static final String DETAIL_CACHE_KEY = "view";

    private static final String COLUMNS = "bounty_id, business_id, title, description, reward_amount, reward_currency, deadline, "
            + "tags, status, claimants, submissions, escrow_status, winner_submission_id, winner_agent_id, drafted_at, updated_at";

    private final NamedParameterJdbcTemplate jdbc;
    private final QueryUpdateEmitter updateEmitter;
    private final ReadCache cache;

    public BountyListingProjection(NamedParameterJdbcTemplate jdbc, QueryUpdateEmitter updateEmitter, ReadCache cache) {
        this.jdbc = jdbc;
        this.updateEmitter = updateEmitter;
        this.cache = cache;
    }

    @EventHandler
    void on(BountyDrafted event) {
        jdbc.update("""
                INSERT INTO bounty_listing (bounty_id, business_id, title, description, reward_amount, reward_currency, deadline, tags,
                                            status, claimants, drafted_at, updated_at)
                VALUES (:id, :businessId, :title, :description, :amount, :currency, :deadline, :tags, :status, 0, :at, :at)
                ON CONFLICT (bounty_id) DO NOTHING""",
                termsParameters(event.bountyId(), event.terms(), event.draftedAt())
                        .addValue("businessId", event.businessId().value())
                        .addValue("status", BountyStatus.DRAFT.name()));
        changed(event.bountyId());
    }

    @EventHandler
    void on(BountyDraftRevised event) {
        jdbc.update("""
                UPDATE bounty_listing
                SET title = :title, description = :description, reward_amount = :amount, reward_currency = :currency,
                    deadline = :deadline, tags = :tags, updated_at = :at
                WHERE bounty_id = :id""",
                termsParameters(event.bountyId(), event.terms(), event.revisedAt()));
        changed(event.bountyId());
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
        jdbc.update("""
                UPDATE bounty_listing SET status = :status, winner_submission_id = :submission, winner_agent_id = :agent, updated_at = :at
                WHERE bounty_id = :id""",
                statusParameters(event.bountyId(), BountyStatus.AWARDED, at)
                        .addValue("submission", event.submissionId().value()).addValue("agent", event.agentId().value()));
        changed(event.bountyId());
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

    /** Counted once per submission id, so a replayed event never counts twice. */
    @EventHandler
    void on(SolutionSubmitted event, @org.axonframework.eventhandling.Timestamp Instant at) {
        var parameters = new MapSqlParameterSource("id", event.bountyId().value())
                .addValue("submission", event.submissionId().value()).addValue("at", Timestamp.from(at));
        if (jdbc.update("INSERT INTO bounty_listing_submission (submission_id, bounty_id) VALUES (:submission, :id) ON CONFLICT DO NOTHING",
                parameters) == 1) {
            jdbc.update("UPDATE bounty_listing SET submissions = submissions + 1, updated_at = :at WHERE bounty_id = :id", parameters);
            changed(event.bountyId());
        }
    }

    @EventHandler
    void on(EscrowRequested event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeEscrow(event.bountyId(), EscrowStatus.REQUESTED, at);
    }

    @EventHandler
    void on(EscrowHeld event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeEscrow(event.bountyId(), EscrowStatus.HELD, at);
    }

    @EventHandler
    void on(EscrowFailed event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeEscrow(event.bountyId(), EscrowStatus.FAILED, at);
    }

    @EventHandler
    void on(EscrowCaptured event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeEscrow(event.bountyId(), EscrowStatus.CAPTURED, at);
    }

    @EventHandler
    void on(EscrowPaidOut event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeEscrow(event.bountyId(), EscrowStatus.PAID_OUT, at);
    }

    @EventHandler
    void on(EscrowRefunded event, @org.axonframework.eventhandling.Timestamp Instant at) {
        changeEscrow(event.bountyId(), EscrowStatus.REFUNDED, at);
    }

    private void changeStatus(BountyId id, BountyStatus status, Instant at) {
        jdbc.update("UPDATE bounty_listing SET status = :status, updated_at = :at WHERE bounty_id = :id", statusParameters(id, status, at));
        changed(id);
    }

    private void changeClaimants(BountyId id, int claimants, Instant at) {
        jdbc.update("UPDATE bounty_listing SET claimants = :claimants, updated_at = :at WHERE bounty_id = :id",
                new MapSqlParameterSource("id", id.value()).addValue("claimants", claimants).addValue("at", Timestamp.from(at)));
        changed(id);
    }

    private void changeEscrow(BountyId id, EscrowStatus status, Instant at) {
        jdbc.update("UPDATE bounty_listing SET escrow_status = :status, updated_at = :at WHERE bounty_id = :id", statusParameters(id, status, at));
        changed(id);
    }

    /** Subscribers of the detail get the new view; cached listing pages and this bounty's cached detail retire. */
    private void changed(BountyId id) {
        if (Subscribers.watch(updateEmitter, BountyDetailQuery.class, BountyChangesQuery.class)) {
            detailFromDatabase(id).ifPresent(view -> {
                updateEmitter.emit(BountyDetailQuery.class, query -> query.bountyId().equals(id), view);
                updateEmitter.emit(BountyChangesQuery.class, any -> true, view);
            });
        }
        cache.changed(ReadCache.Region.BOUNTY_LISTING, null);
        cache.changed(ReadCache.Region.BOUNTY_DETAIL, id.value());
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE bounty_listing, bounty_listing_submission");
        cache.changed(ReadCache.Region.BOUNTY_LISTING, null);
        cache.changed(ReadCache.Region.BOUNTY_DETAIL, null);
    }

    @QueryHandler
    public BountyListingPage handle(BountyListingQuery query) {
        int limit = limitOf(query);
        checkRewardConditions(query);
        ListingCursor cursor = query.cursor() == null ? null : ListingCursor.decode(query.cursor(), query.sort(), query.filter());
        return cache.get(ReadCache.Region.BOUNTY_LISTING, null, cacheKey(query), BountyListingPage.class, () -> page(query, limit, cursor));
    }

    /**
     * Where a page is cached in {@link ReadCache.Region#BOUNTY_LISTING}; the API reads it there itself, to send the
     * stored JSON unparsed. Pages differ per viewer only by that viewer's drafts: every viewer without drafts shares
     * the public pages. Only a valid query's page is ever stored (an invalid one fails before its load).
     */
    public static String cacheKey(BountyListingQuery query) {
        return String.join("|", query.draftsOf() == null ? "public" : "drafts-of:" + query.draftsOf().value(),
                query.sort().name(), Integer.toString(limitOf(query)), query.cursor() == null ? "" : query.cursor(), query.filter().canonical());
    }

    private static int limitOf(BountyListingQuery query) {
        return Math.max(1, Math.min(query.limit(), BountyListingQuery.MAX_LIMIT));
    }

    @QueryHandler
    public Optional<BountyView> handle(BountyDetailQuery query) {
        String id = query.bountyId().value();
        return Optional.ofNullable(cache.get(ReadCache.Region.BOUNTY_DETAIL, id, DETAIL_CACHE_KEY, BountyView.class,
                () -> detailFromDatabase(query.bountyId()).orElse(null)));
    }

    private Optional<BountyView> detailFromDatabase(BountyId id) {
        return jdbc.query("SELECT %s FROM bounty_listing WHERE bounty_id = :id".formatted(COLUMNS),
                new MapSqlParameterSource("id", id.value()), VIEW).stream().findFirst();
    }

    private static void checkRewardConditions(BountyListingQuery query) {
        BountyListingFilter filter = query.filter();
        if ((filter.minReward() != null || filter.maxReward() != null || query.sort() == BountyListingSort.REWARD) && filter.currency() == null) {
            throw new InvalidListingQueryException("currency", "required with minReward, maxReward or sort=reward",
                    "Rewards compare only within one currency: name it with currency");
        }
        if (filter.minReward() != null && filter.maxReward() != null && filter.minReward() > filter.maxReward()) {
            throw new InvalidListingQueryException("minReward", "greater than maxReward", "minReward must not exceed maxReward");
        }
    }

    private BountyListingPage page(BountyListingQuery query, int limit, ListingCursor cursor) {
        BountyListingFilter filter = query.filter();
        BountyListingSort sort = query.sort();
        var parameters = new MapSqlParameterSource("limit", limit + 1).addValue("draft", BountyStatus.DRAFT.name());
        List<String> where = new ArrayList<>();
        // Same rule as BountyView.isVisibleTo: drafts only for their business.
        if (query.draftsOf() == null) {
            where.add("status <> :draft");
        } else {
            where.add("(status <> :draft OR business_id = :viewer)");
            parameters.addValue("viewer", query.draftsOf().value());
        }
        if (!filter.statuses().isEmpty()) {
            where.add("status IN (:statuses)");
            parameters.addValue("statuses", filter.statuses().stream().map(Enum::name).toList());
        }
        if (filter.currency() != null) {
            where.add("reward_currency = :currency");
            parameters.addValue("currency", filter.currency());
        }
        if (filter.minReward() != null) {
            where.add("reward_amount >= :minReward");
            parameters.addValue("minReward", filter.minReward());
        }
        if (filter.maxReward() != null) {
            where.add("reward_amount <= :maxReward");
            parameters.addValue("maxReward", filter.maxReward());
        }
        if (!filter.tags().isEmpty()) {
            where.add("tags @> CAST(:tags AS TEXT[])");
            parameters.addValue("tags", filter.tags().toArray(String[]::new));
        }
        if (filter.text() != null) {
            where.add("search_vector @@ websearch_to_tsquery('english', :text)");
            parameters.addValue("text", filter.text());
        }
        SortColumn order = SortColumn.of(sort);
        if (cursor != null) {
            where.add("(%s, bounty_id) %s (:cursorKey, :cursorId)".formatted(order.column, order.descending ? "<" : ">"));
            parameters.addValue("cursorKey", sort == BountyListingSort.REWARD ? cursor.amountKey() : Timestamp.from(cursor.instantKey()))
                    .addValue("cursorId", cursor.bountyId());
        }
        String direction = order.descending ? "DESC" : "ASC";
        List<BountyView> rows = jdbc.query("SELECT %s FROM bounty_listing WHERE %s ORDER BY %s %s, bounty_id %s LIMIT :limit"
                .formatted(COLUMNS, String.join(" AND ", where), order.column, direction, direction), parameters, VIEW);
        boolean hasMore = rows.size() > limit;
        List<BountyView> page = hasMore ? rows.subList(0, limit) : rows;
        String next = hasMore ? ListingCursor.after(page.get(page.size() - 1), sort, filter).encode() : null;
        return new BountyListingPage(List.copyOf(page), next, hasMore);
    }

    /** Each sort's column and direction; the bounty id breaks ties in the same direction. */
    private record SortColumn(String column, boolean descending) {
        static SortColumn of(BountyListingSort sort) {
            return switch (sort) {
                case NEWEST -> new SortColumn("drafted_at", true);
                case REWARD -> new SortColumn("reward_amount", true);
                case DEADLINE -> new SortColumn("deadline", false);
            };
        }
    }

    private static MapSqlParameterSource statusParameters(BountyId id, Enum<?> status, Instant at) {
        return new MapSqlParameterSource("id", id.value()).addValue("status", status.name()).addValue("at", Timestamp.from(at));
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
            rs.getInt("submissions"),
            rs.getString("escrow_status") == null ? null : EscrowStatus.valueOf(rs.getString("escrow_status")),
            rs.getString("winner_submission_id") == null ? null
                    : new BountyView.Winner(new SubmissionId(rs.getString("winner_submission_id")), new UserId(rs.getString("winner_agent_id"))),
            rs.getTimestamp("drafted_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant());

    private static List<String> tags(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
