package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyQueries.BountyDetailQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingFilter;
import com.agentbounty.events.bounty.BountyQueries.BountyListingPage;
import com.agentbounty.events.bounty.BountyQueries.BountyListingQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingSort;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.agentbounty.query.bounty.ListingFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given events, the listing table holds the expected rows and answers its queries. */
@SpringBootTest
class BountyListingProjectionTest {

    @Autowired
    BountyListingProjection projection;

    @BeforeEach
    void emptyTable() {
        projection.reset();
    }

    private static BountyTerms terms(String title, long cents) {
        return new BountyTerms(title, "description of " + title, new Money(cents, "EUR"), T0.plusSeconds(86_400 * 30), List.of("ocr", "pdf"), null);
    }

    static BountyListingQuery newest(UserId viewer, int limit, String cursor) {
        return new BountyListingQuery(viewer, BountyListingFilter.NONE, BountyListingSort.NEWEST, limit, cursor);
    }

    private BountyId drafted(String id, String title, Instant at) {
        BountyId bountyId = new BountyId(id);
        projection.on(new BountyDrafted(bountyId, ACME, terms(title, 10_000), TESTS, at));
        return bountyId;
    }

    @Test
    void aDraftedBountyAppearsWithItsTermsAndDraftStatus() {
        BountyId id = drafted("b-1", "Scan receipts", T0);

        BountyView view = projection.handle(new BountyDetailQuery(id)).orElseThrow();

        assertThat(view.title()).isEqualTo("Scan receipts");
        assertThat(view.reward()).isEqualTo(new Money(10_000, "EUR"));
        assertThat(view.tags()).containsExactly("ocr", "pdf");
        assertThat(view.status()).isEqualTo(BountyStatus.DRAFT);
        assertThat(view.businessId()).isEqualTo(ACME);
        assertThat(view.draftedAt()).isEqualTo(T0);
    }

    /** Rows travel to PostgreSQL as arrays, a row's tags as one array literal: its quoting must keep every tag whole. */
    @Test
    void tagsAreStoredExactlyEvenWithQuotesBackslashesCommasAndBraces() {
        List<String> tags = List.of("a\"b", "c\\d", "e,f", "{g}", "NULL", "");
        BountyId id = new BountyId("b-quoted");
        projection.on(new BountyDrafted(id, ACME, new BountyTerms("Quoted", "tags", new Money(100, "EUR"), T0.plusSeconds(60), tags, null),
                TESTS, T0));

        assertThat(projection.handle(new BountyDetailQuery(id)).orElseThrow().tags()).containsExactlyElementsOf(tags);
    }

    @Test
    void replayingAnEventChangesNothing() {
        drafted("b-1", "Scan receipts", T0);
        drafted("b-1", "Scan receipts", T0);

        assertThat(projection.handle(newest(ACME, 10, null)).data()).hasSize(1);
    }

    @Test
    void aRevisionReplacesTheTermsAndKeepsTheDraftTime() {
        BountyId id = drafted("b-1", "Scan receipts", T0);
        projection.on(new BountyDraftRevised(id, terms("Scan all receipts", 25_000), TESTS, T0.plusSeconds(60)));

        BountyView view = projection.handle(new BountyDetailQuery(id)).orElseThrow();

        assertThat(view.title()).isEqualTo("Scan all receipts");
        assertThat(view.reward().amount()).isEqualTo(25_000);
        assertThat(view.draftedAt()).isEqualTo(T0);
        assertThat(view.updatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void theListingPagesNewestFirstWithoutGapsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            drafted("b-" + i, "Bounty " + i, T0.plusSeconds(i));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            BountyListingPage page = projection.handle(newest(ACME, 3, cursor));
            page.data().forEach(view -> seen.add(view.id().value()));
            cursor = page.cursor();
            pages++;
            assertThat(page.hasMore()).isEqualTo(cursor != null);
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("b-6", "b-5", "b-4", "b-3", "b-2", "b-1", "b-0");
    }

    @Test
    void bountiesDraftedAtTheSameInstantAreAllListed() {
        for (int i = 0; i < 5; i++) {
            drafted("same-" + i, "Bounty " + i, T0);
        }

        BountyListingPage first = projection.handle(newest(ACME, 2, null));
        BountyListingPage second = projection.handle(newest(ACME, 2, first.cursor()));
        BountyListingPage third = projection.handle(newest(ACME, 2, second.cursor()));

        assertThat(first.data()).extracting(view -> view.id().value()).containsExactly("same-4", "same-3");
        assertThat(second.data()).extracting(view -> view.id().value()).containsExactly("same-2", "same-1");
        assertThat(third.data()).extracting(view -> view.id().value()).containsExactly("same-0");
        assertThat(third.hasMore()).isFalse();
    }

    @Test
    void aPageNeverExceedsTheMaximumLimit() {
        for (int i = 0; i < BountyListingQuery.MAX_LIMIT + 5; i++) {
            drafted("b-" + i, "Bounty " + i, T0.plusSeconds(i));
        }

        BountyListingPage page = projection.handle(newest(ACME, 10_000, null));

        assertThat(page.data()).hasSize(BountyListingQuery.MAX_LIMIT);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void aForgedCursorIsRefused() {
        assertThatThrownBy(() -> projection.handle(newest(ACME, 5, "bm90LWEtY3Vyc29y")))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void anUnknownBountyHasNoDetail() {
        assertThat(projection.handle(new BountyDetailQuery(new BountyId("missing")))).isEmpty();
    }

    @Test
    void anotherBusinessesDraftsAreNotListed() {
        drafted("b-1", "Acme's draft", T0);

        assertThat(projection.handle(newest(OTHER, 10, null)).data()).isEmpty();
        assertThat(projection.handle(newest(null, 10, null)).data()).isEmpty();
        assertThat(projection.handle(newest(ACME, 10, null)).data()).hasSize(1);
    }
}
