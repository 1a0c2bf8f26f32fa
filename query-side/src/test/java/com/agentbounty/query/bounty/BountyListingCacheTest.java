package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyQueries.BountyDetailQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingFilter;
import com.agentbounty.events.bounty.BountyQueries.BountyListingQuery;
import com.agentbounty.events.bounty.BountyQueries.BountyListingSort;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.money.Money;
import com.agentbounty.query.cache.ReadCache;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;

import static com.agentbounty.query.bounty.ListingFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The listing's answers through the read cache: hits, retirement by the projection's own events, per-viewer pages. */
@SpringBootTest
class BountyListingCacheTest {

    @Autowired
    BountyListingProjection projection;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void emptyTable() {
        projection.reset();
    }

    private double gets(ReadCache.Region region, String result) {
        return meters.get("cache.gets").tag("cache", region.id()).tag("result", result).counter().count();
    }

    private static BountyTerms terms(String title) {
        return new BountyTerms(title, "x", new Money(100, "EUR"), T0.plusSeconds(86_400), List.of("pdf"), null);
    }

    @Test
    void aSecondReadIsAHitAndTheProjectionsNextChangeRetiresIt() {
        BountyId id = new BountyId("b-cached");
        projection.on(new BountyDrafted(id, ACME, terms("First title"), TESTS, T0));
        double hits = gets(ReadCache.Region.BOUNTY_DETAIL, "hit");
        double misses = gets(ReadCache.Region.BOUNTY_DETAIL, "miss");

        projection.handle(new BountyDetailQuery(id));
        projection.handle(new BountyDetailQuery(id));

        assertThat(gets(ReadCache.Region.BOUNTY_DETAIL, "miss")).isEqualTo(misses + 1);
        assertThat(gets(ReadCache.Region.BOUNTY_DETAIL, "hit")).isEqualTo(hits + 1);

        projection.on(new BountyDraftRevised(id, terms("Second title"), TESTS, T0.plusSeconds(1)));

        assertThat(projection.handle(new BountyDetailQuery(id)).orElseThrow().title()).isEqualTo("Second title");
        assertThat(gets(ReadCache.Region.BOUNTY_DETAIL, "miss")).isEqualTo(misses + 2);
    }

    @Test
    void aListingPageCachedForItsBusinessNeverReachesAnotherViewer() {
        projection.on(new BountyDrafted(new BountyId("acme-draft"), ACME, terms("Acme's draft"), TESTS, T0));
        BountyListingQuery byAcme = new BountyListingQuery(ACME, BountyListingFilter.NONE, BountyListingSort.NEWEST, 10, null);

        assertThat(projection.handle(byAcme).data()).hasSize(1);
        assertThat(projection.handle(byAcme).data()).hasSize(1); // now cached

        assertThat(projection.handle(new BountyListingQuery(OTHER, BountyListingFilter.NONE, BountyListingSort.NEWEST, 10, null)).data()).isEmpty();
        assertThat(projection.handle(new BountyListingQuery(null, BountyListingFilter.NONE, BountyListingSort.NEWEST, 10, null)).data()).isEmpty();
    }

    @Test
    void eachBountyHasItsOwnCachedDetail() {
        projection.on(new BountyDrafted(new BountyId("b-one"), ACME, terms("One"), TESTS, T0));
        projection.on(new BountyDrafted(new BountyId("b-two"), OTHER, terms("Two"), TESTS, T0));

        for (int read = 0; read < 2; read++) {
            assertThat(projection.handle(new BountyDetailQuery(new BountyId("b-one"))).orElseThrow().title()).isEqualTo("One");
            assertThat(projection.handle(new BountyDetailQuery(new BountyId("b-two"))).orElseThrow().title()).isEqualTo("Two");
        }
    }
}
