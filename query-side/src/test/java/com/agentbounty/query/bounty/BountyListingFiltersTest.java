package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.BountyAwarded;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyFundingRequested;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyOpened;
import com.agentbounty.events.bounty.BountyQueries.BountyDetailQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingFilter;
import com.agentbounty.events.bounty.BountyQueries.BountyListingPage;
import com.agentbounty.events.bounty.BountyQueries.BountyListingQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingSort;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.bounty.SolutionSubmitted;
import com.agentbounty.events.escrow.EscrowHeld;
import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.EscrowRequested;
import com.agentbounty.events.escrow.EscrowStatus;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.verification.Artifact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.agentbounty.query.bounty.ListingFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given events, the listing's filters, sorts and cursors, and the detail's progress facts. */
@SpringBootTest
class BountyListingFiltersTest {

    private static final UserId AGENT = new UserId("agent-ada");

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    BountyListingProjection projection;

    @BeforeEach
    void emptyTable() {
        projection.reset();
    }

    private BountyId drafted(String id, String title, String description, long amount, String currency, int deadlineDays,
                             List<String> tags, Instant at) {
        BountyId bountyId = new BountyId(id);
        projection.on(new BountyDrafted(bountyId, ACME, new BountyTerms(title, description, new Money(amount, currency),
                T0.plus(Duration.ofDays(deadlineDays)), tags, null), TESTS, at));
        return bountyId;
    }

    private BountyId drafted(String id, long amount, String currency) {
        return drafted(id, "Bounty " + id, "Some work", amount, currency, 30, List.of(), T0);
    }

    private void opened(BountyId id) {
        EscrowId escrow = new EscrowId("escrow-" + id.value());
        projection.on(new BountyFundingRequested(id, ACME, escrow, new Money(1, "EUR"), FundingStrategy.HOLD, Duration.ofDays(2), T0), T0);
        projection.on(new BountyOpened(id, escrow, T0.plus(Duration.ofDays(30)), Duration.ofDays(2), null, T0), T0);
    }

    private List<String> ids(BountyListingFilter filter) {
        return ids(filter, BountyListingSort.NEWEST);
    }

    private List<String> ids(BountyListingFilter filter, BountyListingSort sort) {
        return projection.handle(new BountyListingQuery(ACME, filter, sort, 100, null)).data().stream().map(view -> view.id().value()).toList();
    }

    private static BountyListingFilter filter(Set<BountyStatus> statuses, String currency, Long min, Long max, Set<String> tags, String text) {
        return new BountyListingFilter(statuses, currency, min, max, tags, text);
    }

    @Test
    void aStatusFilterKeepsBountiesInAnyOfTheNamedStatuses() {
        drafted("draft", 100, "EUR");
        opened(drafted("open", 100, "EUR"));

        assertThat(ids(filter(Set.of(BountyStatus.OPEN), null, null, null, null, null))).containsExactly("open");
        assertThat(ids(filter(Set.of(BountyStatus.OPEN, BountyStatus.DRAFT), null, null, null, null, null))).containsExactlyInAnyOrder("open", "draft");
    }

    @Test
    void aRewardRangeIsInclusiveAndCountsOnlyTheNamedCurrency() {
        drafted("eur-99", 99, "EUR");
        drafted("eur-100", 100, "EUR");
        drafted("eur-200", 200, "EUR");
        drafted("eur-201", 201, "EUR");
        drafted("usd-150", 150, "USD");

        assertThat(ids(filter(null, "EUR", 100L, 200L, null, null))).containsExactlyInAnyOrder("eur-100", "eur-200");
        assertThat(ids(filter(null, "EUR", 150L, null, null, null))).containsExactlyInAnyOrder("eur-200", "eur-201");
        assertThat(ids(filter(null, "USD", null, null, null, null))).containsExactly("usd-150");
    }

    @Test
    void rewardsAreComparedOnlyWithinACurrencyTheQueryNames() {
        assertThatThrownBy(() -> ids(filter(null, null, 100L, null, null, null)))
                .isInstanceOf(InvalidListingQueryException.class).hasMessageContaining("currency");
        assertThatThrownBy(() -> ids(BountyListingFilter.NONE, BountyListingSort.REWARD))
                .isInstanceOf(InvalidListingQueryException.class).hasMessageContaining("currency");
        assertThatThrownBy(() -> ids(filter(null, "EUR", 300L, 200L, null, null)))
                .isInstanceOf(InvalidListingQueryException.class).hasMessageContaining("minReward");
    }

    @Test
    void severalTagsMeanTaggedWithAllOfThem() {
        drafted("pdf-ocr", "A", "x", 100, "EUR", 30, List.of("pdf", "ocr"), T0);
        drafted("pdf", "B", "x", 100, "EUR", 30, List.of("pdf"), T0);
        drafted("ocr", "C", "x", 100, "EUR", 30, List.of("ocr"), T0);

        assertThat(ids(filter(null, null, null, null, Set.of("pdf"), null))).containsExactlyInAnyOrder("pdf-ocr", "pdf");
        assertThat(ids(filter(null, null, null, null, Set.of("pdf", "ocr"), null))).containsExactly("pdf-ocr");
    }

    @Test
    void textSearchFindsStemmedWordsInTitleDescriptionAndTagsWithWebSearchSyntax() {
        drafted("invoices", "Parse invoices", "Totals from scanned paper", 100, "EUR", 30, List.of("pdf"), T0);
        drafted("receipts", "Read receipts", "Extract the invoice number", 100, "EUR", 30, List.of("ocr"), T0);
        drafted("scraper", "Web scraper", "Crawl shop pages", 100, "EUR", 30, List.of("scraping"), T0);

        assertThat(ids(filter(null, null, null, null, null, "invoice"))).containsExactlyInAnyOrder("invoices", "receipts");
        assertThat(ids(filter(null, null, null, null, null, "invoice -ocr"))).containsExactly("invoices");
        assertThat(ids(filter(null, null, null, null, null, "\"shop pages\""))).containsExactly("scraper");
        assertThat(ids(filter(null, null, null, null, null, "scraping"))).containsExactly("scraper");
        assertThat(ids(filter(null, null, null, null, null, "nothing-like-this"))).isEmpty();
    }

    @Test
    void filtersCombine() {
        opened(drafted("match", "Parse invoices", "x", 500, "EUR", 30, List.of("pdf"), T0));
        opened(drafted("cheap", "Parse invoices", "x", 50, "EUR", 30, List.of("pdf"), T0));
        drafted("draft", "Parse invoices", "x", 500, "EUR", 30, List.of("pdf"), T0);
        opened(drafted("untagged", "Parse invoices", "x", 500, "EUR", 30, List.of(), T0));

        assertThat(ids(filter(Set.of(BountyStatus.OPEN), "EUR", 100L, null, Set.of("pdf"), "invoices"))).containsExactly("match");
    }

    @Test
    void rewardSortsHighestFirstAndDeadlineSoonestFirst() {
        drafted("small-late", "A", "x", 100, "EUR", 40, List.of(), T0);
        drafted("big-soon", "B", "x", 900, "EUR", 10, List.of(), T0.plusSeconds(1));
        drafted("mid-mid", "C", "x", 500, "EUR", 20, List.of(), T0.plusSeconds(2));

        assertThat(ids(filter(null, "EUR", null, null, null, null), BountyListingSort.REWARD)).containsExactly("big-soon", "mid-mid", "small-late");
        assertThat(ids(BountyListingFilter.NONE, BountyListingSort.DEADLINE)).containsExactly("big-soon", "mid-mid", "small-late");
        assertThat(ids(BountyListingFilter.NONE, BountyListingSort.NEWEST)).containsExactly("mid-mid", "big-soon", "small-late");
    }

    @ParameterizedTest
    @EnumSource(BountyListingSort.class)
    void everySortPagesThroughEveryBountyOnceEvenWithEqualKeys(BountyListingSort sort) {
        // Four distinct values of each key, three bounties each: ties inside and across page boundaries.
        for (int i = 0; i < 12; i++) {
            drafted("b-" + (char) ('a' + i), "Bounty " + i, "x", 100L * (i % 4 + 1), "EUR", 10 + i % 4, List.of(), T0.plusSeconds(i % 4));
        }
        BountyListingFilter everything = filter(null, "EUR", null, null, null, null);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            BountyListingPage page = projection.handle(new BountyListingQuery(ACME, everything, sort, 5, cursor));
            page.data().forEach(view -> seen.add(view.id().value()));
            cursor = page.cursor();
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates().hasSize(12).isEqualTo(ids(everything, sort));
    }

    @Test
    void aCursorWorksOnlyWithTheSortAndFilterThatMadeIt() {
        for (int i = 0; i < 4; i++) {
            drafted("b-" + i, 100 + i, "EUR");
        }
        BountyListingFilter euros = filter(null, "EUR", null, null, null, null);
        String cursor = projection.handle(new BountyListingQuery(ACME, euros, BountyListingSort.REWARD, 2, null)).cursor();

        assertThat(projection.handle(new BountyListingQuery(ACME, euros, BountyListingSort.REWARD, 2, cursor)).data()).hasSize(2);
        assertThatThrownBy(() -> projection.handle(new BountyListingQuery(ACME, euros, BountyListingSort.DEADLINE, 2, cursor)))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("another sort or filter");
        assertThatThrownBy(() -> projection.handle(new BountyListingQuery(ACME, filter(null, "EUR", 101L, null, null, null),
                BountyListingSort.REWARD, 2, cursor)))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void theDetailCountsSubmissionsOnceAndFollowsTheEscrowAndTheWinner() {
        BountyId id = drafted("b-1", 100, "EUR");
        opened(id);
        EscrowId escrow = new EscrowId("escrow-b-1");
        projection.on(new EscrowRequested(escrow, id, ACME, new Money(100, "EUR"), FundingStrategy.HOLD), T0);
        projection.on(new EscrowHeld(escrow, id, new Money(100, "EUR"), "pi_1", null), T0);
        SubmissionId first = new SubmissionId("s-1");
        SolutionSubmitted submitted = new SolutionSubmitted(id, first, AGENT, ACME, new Artifact.Stored("k1", "a".repeat(64), 10), 1, T0);
        projection.on(submitted, T0);
        projection.on(submitted, T0); // replayed
        projection.on(new SolutionSubmitted(id, new SubmissionId("s-2"), AGENT, ACME, new Artifact.Stored("k2", "b".repeat(64), 10), 2, T0), T0);

        BountyView beforeAward = projection.handle(new BountyDetailQuery(id)).orElseThrow();
        assertThat(beforeAward.submissions()).isEqualTo(2);
        assertThat(beforeAward.escrowStatus()).isEqualTo(EscrowStatus.HELD);
        assertThat(beforeAward.winner()).isNull();

        projection.on(new BountyAwarded(id, first, AGENT, escrow, new Money(100, "EUR")), T0);

        BountyView awarded = projection.handle(new BountyDetailQuery(id)).orElseThrow();
        assertThat(awarded.status()).isEqualTo(BountyStatus.AWARDED);
        assertThat(awarded.winner()).isEqualTo(new BountyView.Winner(first, AGENT));
    }

    /** A processor's batch is one transaction: its events reach the table together at the commit, each applied once. */
    @Test
    void aTransactionsEventsReachTheTableAtItsCommitInOrderAndASubmissionReplayedInItCountsOnce() {
        SolutionSubmitted submitted = new SolutionSubmitted(new BountyId("b-tx"), new SubmissionId("s-tx"), AGENT, ACME,
                new Artifact.Stored("k", "c".repeat(64), 10), 1, T0);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            BountyId id = drafted("b-tx", 100, "EUR");
            opened(id);
            projection.on(submitted, T0.plusSeconds(2));
            projection.on(submitted, T0.plusSeconds(3)); // replayed in the same batch
            assertThat(projection.handle(new BountyDetailQuery(id))).as("nothing written before the commit").isEmpty();
        });

        BountyView view = projection.handle(new BountyDetailQuery(new BountyId("b-tx"))).orElseThrow();
        assertThat(view.status()).isEqualTo(BountyStatus.OPEN);
        assertThat(view.submissions()).isEqualTo(1);
        assertThat(view.updatedAt()).as("the replayed submission changed nothing").isEqualTo(T0.plusSeconds(2));
    }
}
