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
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The bounty listing and detail read model: owns tables {@code bounty_listing} and {@code bounty_listing_submission},
 * answers their queries (through {@link ReadCache}), tells subscribers of a bounty's detail whenever that bounty
 * changes, and retires the cached answers that a change makes stale. Handlers are idempotent, so a replay is harmless.
 * <p>
 * Handlers change rows in memory ({@link ListingRow}); a transaction's changes reach the tables together at its
 * commit, set-based (docs/decisions/0016-bulk-projection-rebuilds.md): live processing and rebuilds run this same code,
 * a batch of events costing one SELECT and one batched upsert instead of a statement or two per event.
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
        change(event.bountyId(), null, row -> row != null ? row
                : ListingRow.drafted(event.bountyId(), event.businessId(), event.terms(), event.draftedAt()));
    }

    @EventHandler
    void on(BountyDraftRevised event) {
        update(event.bountyId(), row -> row.revise(event.terms(), event.revisedAt()));
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
        update(event.bountyId(), row -> {
            row.status = BountyStatus.AWARDED;
            row.winnerSubmissionId = event.submissionId().value();
            row.winnerAgentId = event.agentId().value();
            row.updatedAt = at;
        });
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

    /** Counted once per submission id (a row of bounty_listing_submission), so a replayed event never counts twice. */
    @EventHandler
    void on(SolutionSubmitted event, @org.axonframework.eventhandling.Timestamp Instant at) {
        change(event.bountyId(), event.submissionId().value(), row -> {
            if (row != null) {
                row.submissions++;
                row.updatedAt = at;
            }
            return row;
        });
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
        update(id, row -> {
            row.status = status;
            row.updatedAt = at;
        });
    }

    private void changeClaimants(BountyId id, int claimants, Instant at) {
        update(id, row -> {
            row.claimants = claimants;
            row.updatedAt = at;
        });
    }

    private void changeEscrow(BountyId id, EscrowStatus status, Instant at) {
        update(id, row -> {
            row.escrowStatus = status;
            row.updatedAt = at;
        });
    }

    /** A change of an existing row; none when the bounty has no row (as an UPDATE that matches nothing). */
    private void update(BountyId id, Consumer<ListingRow> change) {
        change(id, null, row -> {
            if (row != null) {
                change.accept(row);
            }
            return row;
        });
    }

    /**
     * What an event does to its bounty's row: {@code change} gets the row as the events before it in this transaction
     * left it (null when there is none) and answers the row after it. Applied when the transaction commits, together with
     * every other change of the transaction (at once when there is no transaction); cached answers of the bounty retire
     * after that commit.
     *
     * @param submission the submission the event counts, or null: the change applies only if that submission was not
     *                   counted before
     */
    private void change(BountyId id, String submission, UnaryOperator<ListingRow> change) {
        cache.changed(ReadCache.Region.BOUNTY_LISTING, null);
        cache.changed(ReadCache.Region.BOUNTY_DETAIL, id.value());
        Change recorded = new Change(id.value(), submission, change);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            apply(List.of(recorded)).forEach(this::emit);
            return;
        }
        @SuppressWarnings("unchecked")
        List<Change> pending = (List<Change>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            List<Change> changes = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, changes);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                private List<BountyView> views = List.of();

                @Override
                public void beforeCommit(boolean readOnly) {
                    views = apply(changes);
                }

                /** Only now: a subscriber that reads the bounty on receiving its view must find it committed. */
                @Override
                public void afterCommit() {
                    views.forEach(BountyListingProjection.this::emit);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(BountyListingProjection.this);
                }
            });
            pending = changes;
        }
        pending.add(recorded);
    }

    private record Change(String bountyId, String submission, UnaryOperator<ListingRow> change) {
    }

    /**
     * A transaction's changes, set-based: one SELECT of the rows they touch, one INSERT of the submissions they count,
     * the changes in event order in memory, one batched upsert of the changed rows. Answers the view after each event,
     * from the row (no read-back), for subscribers; none when nobody subscribes.
     */
    private List<BountyView> apply(List<Change> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        Map<String, ListingRow> rows = new HashMap<>();
        jdbc.query("SELECT %s FROM bounty_listing WHERE bounty_id = ANY(:ids)".formatted(COLUMNS),
                new MapSqlParameterSource("ids", changes.stream().map(Change::bountyId).distinct().toArray(String[]::new)), VIEW)
                .forEach(view -> rows.put(view.id().value(), ListingRow.of(view)));
        Set<String> counted = countSubmissions(changes);
        boolean watched = Subscribers.watch(updateEmitter, BountyDetailQuery.class, BountyChangesQuery.class);
        Map<String, ListingRow> changed = new HashMap<>();
        List<BountyView> views = new ArrayList<>();
        for (Change change : changes) {
            if (change.submission() != null && !counted.remove(change.submission())) {
                continue;
            }
            ListingRow row = change.change().apply(rows.get(change.bountyId()));
            if (row == null) {
                continue;
            }
            rows.put(change.bountyId(), row);
            changed.put(change.bountyId(), row);
            if (watched) {
                views.add(row.view());
            }
        }
        if (!changed.isEmpty()) {
            jdbc.update(UPSERT, upsertParameters(changed.values()));
        }
        return views;
    }

    private void emit(BountyView view) {
        updateEmitter.emit(BountyDetailQuery.class, query -> query.bountyId().equals(view.id()), view);
        updateEmitter.emit(BountyChangesQuery.class, any -> true, view);
    }

    /** The submissions among {@code changes} that are counted now for the first time. */
    private Set<String> countSubmissions(List<Change> changes) {
        List<Change> submitted = changes.stream().filter(change -> change.submission() != null).toList();
        if (submitted.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("""
                INSERT INTO bounty_listing_submission (submission_id, bounty_id)
                SELECT * FROM unnest(CAST(:submissions AS TEXT[]), CAST(:bounties AS TEXT[])) ON CONFLICT DO NOTHING
                RETURNING submission_id""",
                new MapSqlParameterSource("submissions", submitted.stream().map(Change::submission).toArray(String[]::new))
                        .addValue("bounties", submitted.stream().map(Change::bountyId).toArray(String[]::new)), String.class));
    }

    /**
     * Every changed row in one statement, its columns as arrays (one element per row): a statement and a parameter
     * per column instead of one per row and column. Arrays of text, cast in SQL, so that any JDBC driver binds them;
     * a row's tags travel as one array literal ({@link #arrayLiteral}), as unnest cannot take an array of arrays.
     */
    private static final String UPSERT = """
            INSERT INTO bounty_listing (%s)
            SELECT id, business, title, description, CAST(amount AS BIGINT), currency, CAST(deadline AS TIMESTAMPTZ),
                   CAST(tags AS TEXT[]), status, CAST(claimants AS INTEGER), CAST(submissions AS INTEGER), escrow,
                   winner_submission, winner_agent, CAST(drafted_at AS TIMESTAMPTZ), CAST(updated_at AS TIMESTAMPTZ)
            FROM unnest(CAST(:id AS TEXT[]), CAST(:business AS TEXT[]), CAST(:title AS TEXT[]), CAST(:description AS TEXT[]),
                        CAST(:amount AS TEXT[]), CAST(:currency AS TEXT[]), CAST(:deadline AS TEXT[]), CAST(:tags AS TEXT[]),
                        CAST(:status AS TEXT[]), CAST(:claimants AS TEXT[]), CAST(:submissions AS TEXT[]), CAST(:escrow AS TEXT[]),
                        CAST(:winnerSubmission AS TEXT[]), CAST(:winnerAgent AS TEXT[]), CAST(:draftedAt AS TEXT[]),
                        CAST(:updatedAt AS TEXT[]))
                AS changed(id, business, title, description, amount, currency, deadline, tags, status, claimants, submissions,
                           escrow, winner_submission, winner_agent, drafted_at, updated_at)
            ON CONFLICT (bounty_id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
                reward_amount = EXCLUDED.reward_amount, reward_currency = EXCLUDED.reward_currency, deadline = EXCLUDED.deadline,
                tags = EXCLUDED.tags, status = EXCLUDED.status, claimants = EXCLUDED.claimants, submissions = EXCLUDED.submissions,
                escrow_status = EXCLUDED.escrow_status, winner_submission_id = EXCLUDED.winner_submission_id,
                winner_agent_id = EXCLUDED.winner_agent_id, updated_at = EXCLUDED.updated_at""".formatted(COLUMNS);

    private static SqlParameterSource upsertParameters(Collection<ListingRow> rows) {
        MapSqlParameterSource parameters = new MapSqlParameterSource();
        column(parameters, rows, "id", row -> row.bountyId);
        column(parameters, rows, "business", row -> row.businessId);
        column(parameters, rows, "title", row -> row.title);
        column(parameters, rows, "description", row -> row.description);
        column(parameters, rows, "amount", row -> Long.toString(row.rewardAmount));
        column(parameters, rows, "currency", row -> row.rewardCurrency);
        column(parameters, rows, "deadline", row -> timestamptz(row.deadline));
        column(parameters, rows, "tags", row -> arrayLiteral(row.tags));
        column(parameters, rows, "status", row -> row.status.name());
        column(parameters, rows, "claimants", row -> Integer.toString(row.claimants));
        column(parameters, rows, "submissions", row -> Integer.toString(row.submissions));
        column(parameters, rows, "escrow", row -> row.escrowStatus == null ? null : row.escrowStatus.name());
        column(parameters, rows, "winnerSubmission", row -> row.winnerSubmissionId);
        column(parameters, rows, "winnerAgent", row -> row.winnerAgentId);
        column(parameters, rows, "draftedAt", row -> timestamptz(row.draftedAt));
        column(parameters, rows, "updatedAt", row -> timestamptz(row.updatedAt));
        return parameters;
    }

    private static void column(MapSqlParameterSource parameters, Collection<ListingRow> rows, String name,
                               Function<ListingRow, String> value) {
        parameters.addValue(name, rows.stream().map(value).toArray(String[]::new));
    }

    /**
     * An instant as {@code timestamptz} text (UTC, every fraction digit it has; PostgreSQL rounds to microseconds as it
     * does for {@code Instant.toString()}), written without {@code DateTimeFormatter}: formatting three instants per
     * row was a seventh of a rebuild's writing thread. Years outside 1 to 9999 take {@code Instant.toString()}.
     */
    static String timestamptz(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (utc.getYear() < 1 || utc.getYear() > 9999) {
            return instant.toString();
        }
        StringBuilder text = new StringBuilder(30);
        digits(text, utc.getYear(), 4).append('-');
        digits(text, utc.getMonthValue(), 2).append('-');
        digits(text, utc.getDayOfMonth(), 2).append('T');
        digits(text, utc.getHour(), 2).append(':');
        digits(text, utc.getMinute(), 2).append(':');
        digits(text, utc.getSecond(), 2);
        if (utc.getNano() > 0) {
            digits(text.append('.'), utc.getNano(), 9);
        }
        return text.append('Z').toString();
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        int divisor = 1;
        for (int digit = 1; digit < width; digit++) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            text.append((char) ('0' + value / divisor % 10));
        }
        return text;
    }

    /** PostgreSQL's text form of a text array: every element quoted, its quotes and backslashes escaped. */
    private static String arrayLiteral(List<String> elements) {
        StringBuilder literal = new StringBuilder("{");
        for (String element : elements) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            // One pass, no copies: two String.replace per tag were a sixth of a rebuild's writing thread.
            for (int i = 0; i < element.length(); i++) {
                char c = element.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE bounty_listing, bounty_listing_submission");
        @SuppressWarnings("unchecked")
        List<Change> pending = (List<Change>) TransactionSynchronizationManager.getResource(this);
        if (pending != null) {
            pending.clear(); // changes recorded before the reset in this transaction are gone with the rows
        }
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
