package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;

import java.util.List;

/** What can be asked of the bounty read models. */
public final class BountyQueries {

    private BountyQueries() {
    }

    /**
     * Newest first, as {@code viewer} may see them (drafts only their own); {@code cursor} is the opaque value of the
     * previous page, null for the first page.
     */
    public record BountyListingQuery(UserId viewer, int limit, String cursor) {
        public static final int MAX_LIMIT = 100;
        public static final int DEFAULT_LIMIT = 20;
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
