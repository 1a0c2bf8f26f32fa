package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What can be asked of the bounty read models. */
public final class BountyQueries {

    private BountyQueries() {
    }

    /**
     * One page of the bounties that match {@code filter}, in {@code sort} order. {@code draftsOf}: whose drafts may be
     * listed besides every non-draft bounty (null: no drafts at all, the same page for every such viewer).
     * {@code cursor} is the opaque value of the previous page, null for the first page; it is valid only with the
     * sort and filter that produced it.
     */
    public record BountyListingQuery(UserId draftsOf, BountyListingFilter filter, BountyListingSort sort, int limit, String cursor) {
        public static final int MAX_LIMIT = 100;
        public static final int DEFAULT_LIMIT = 20;

        public BountyListingQuery {
            filter = filter == null ? BountyListingFilter.NONE : filter;
            sort = sort == null ? BountyListingSort.NEWEST : sort;
        }
    }

    /** The listing's orders; each breaks ties by bounty id, so a cursor always points between two rows. */
    public enum BountyListingSort {
        /** Drafted most recently first (the default). */
        NEWEST,
        /** Highest reward first; only within one currency, so the filter must name it. */
        REWARD,
        /** Soonest deadline first. */
        DEADLINE
    }

    /**
     * Every condition is optional and they all must hold. {@code statuses}: any of them; {@code minReward} and
     * {@code maxReward}: inclusive, in minor units of {@code currency} (required with either); {@code tags}: all of
     * them; {@code text}: PostgreSQL full-text search (web-search syntax) over title, tags and description.
     */
    public record BountyListingFilter(Set<BountyStatus> statuses, String currency, Long minReward, Long maxReward,
                                      Set<String> tags, String text) {

        public static final BountyListingFilter NONE = new BountyListingFilter(null, null, null, null, null, null);
        public static final int MAX_TAGS = 10;
        public static final int MAX_TEXT_LENGTH = 200;

        public BountyListingFilter {
            statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
            tags = tags == null ? Set.of() : Set.copyOf(tags);
            text = text == null || text.isBlank() ? null : text.strip();
        }

        /**
         * The same text for equal filters whatever the order of their values: what a cursor and a cache key are bound to.
         */
        public String canonical() {
            return String.join(";",
                    "status=" + sorted(statuses.stream().map(Enum::name).collect(Collectors.toSet())),
                    "currency=" + (currency == null ? "" : currency.toUpperCase(Locale.ROOT)),
                    "min=" + (minReward == null ? "" : minReward),
                    "max=" + (maxReward == null ? "" : maxReward),
                    "tags=" + sorted(tags),
                    "q=" + (text == null ? "" : text));
        }

        private static String sorted(Set<String> values) {
            return String.join(",", new TreeSet<>(values));
        }
    }

    public record BountyListingPage(List<BountyView> data, String cursor, boolean hasMore) {
    }

    /** Answers {@code Optional<BountyView>}; subscribers also receive each change of that bounty. */
    public record BountyDetailQuery(BountyId bountyId) {
    }

    /**
     * Subscription only, for live updates: subscribers receive every change of every bounty as a {@link BountyView};
     * the initial answer is never asked for (no handler gives one).
     */
    public record BountyChangesQuery() {
    }

    /**
     * Answers {@code Optional<AcceptanceTests>}: a bounty's hidden tests. Asked only by the sandbox dispatch and on
     * behalf of the bounty's own business.
     */
    public record AcceptanceTestsQuery(BountyId bountyId) {
    }
}
