package com.agentbounty.gateway.bounty;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/bounties with filters and sorts over HTTP. Every query also filters on a tag only this class's bounties
 * carry, so bounties of other tests in the same database never interfere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BountyListingFiltersApiTest extends GatewayIntegrationTest {

    private final String run = "run-" + UUID.randomUUID().toString().substring(0, 8);
    private User acme;
    private User agent;
    private final List<String> ids = new ArrayList<>();

    private String draft(String title, String description, long amount, String currency, int deadlineDays, String... tags) {
        List<String> all = new ArrayList<>(List.of(tags));
        all.add(run);
        String deadline = Instant.now().plus(Duration.ofDays(deadlineDays)).truncatedTo(ChronoUnit.SECONDS).toString();
        String body = """
                {"title":"%s","description":"%s","reward":{"amount":%d,"currency":"%s"},"deadline":"%s","tags":%s,
                 "acceptanceTests":{"runtime":"QUICKJS","source":"test('x', () => assertEqual(1, 1));"}}"""
                .formatted(title, description, amount, currency, deadline, json.valueToTree(all));
        Reply created = postJson(acme, "/api/bounties", body);
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        ids.add(id);
        return id;
    }

    /** Six bounties of one business: two funded (open), the rest drafts; rewards and deadlines with ties. */
    @BeforeAll
    void sixBounties() {
        acme = business();
        agent = agent();
        String invoices = draft("Parse invoices", "Totals from scanned paper", 5_000, "EUR", 10, "pdf", "ocr");
        String receipts = draft("Read receipts", "Extract the invoice number", 5_000, "EUR", 20, "ocr");
        draft("Web scraper", "Crawl shop pages", 20_000, "EUR", 10, "scraping");
        draft("Tiny fix", "One line", 500, "EUR", 30);
        draft("Dollar task", "Paid in dollars", 7_000, "USD", 15, "pdf");
        draft("Another dollar task", "Paid in dollars too", 7_000, "USD", 5);
        for (String id : List.of(invoices, receipts)) {
            assertThat(postJson(acme, "/api/bounties/" + id + "/fund", "").status()).isEqualTo(202);
            awaitBody(acme, "/api/bounties/" + id, bounty -> "OPEN".equals(bounty.path("status").asText()));
        }
    }

    private List<String> titles(User as, String query) {
        Reply page = get(as, "/api/bounties?limit=100&tags=" + run + query);
        assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        page.body().get("data").forEach(bounty -> titles.add(bounty.get("title").asText()));
        return titles;
    }

    @Test
    void statusKeepsBountiesInAnyOfTheNamedStatuses() {
        assertThat(titles(acme, "&status=OPEN")).containsExactlyInAnyOrder("Parse invoices", "Read receipts");
        assertThat(titles(acme, "&status=OPEN&status=DRAFT")).hasSize(6);
    }

    @Test
    void theRewardRangeIsInclusiveInMinorUnitsOfTheNamedCurrency() {
        assertThat(titles(acme, "&currency=EUR&minReward=5000&maxReward=20000"))
                .containsExactlyInAnyOrder("Parse invoices", "Read receipts", "Web scraper");
        assertThat(titles(acme, "&currency=EUR&maxReward=4999")).containsExactly("Tiny fix");
        assertThat(titles(acme, "&currency=USD")).containsExactlyInAnyOrder("Dollar task", "Another dollar task");
    }

    @Test
    void severalTagsMeanAllOfThem() {
        assertThat(titles(acme, "&tags=pdf")).containsExactlyInAnyOrder("Parse invoices", "Dollar task");
        assertThat(titles(acme, "&tags=pdf&tags=ocr")).containsExactly("Parse invoices");
    }

    @Test
    void textSearchMatchesWordFormsInTitleDescriptionAndTags() {
        assertThat(titles(acme, "&q=invoice")).containsExactlyInAnyOrder("Parse invoices", "Read receipts");
        assertThat(titles(acme, "&q=invoice -receipts")).containsExactly("Parse invoices");
        assertThat(titles(acme, "&q=\"shop pages\"")).containsExactly("Web scraper");
        assertThat(titles(acme, "&q=scraping")).containsExactly("Web scraper");
    }

    @Test
    void draftsStayWithTheirBusinessWhateverTheFilter() {
        assertThat(titles(agent, "")).containsExactlyInAnyOrder("Parse invoices", "Read receipts");
        assertThat(titles(business(), "&status=DRAFT")).isEmpty();
        assertThat(titles(agent, "&q=scraper")).isEmpty();
    }

    @Test
    void rewardSortsHighestFirstDeadlineSoonestFirstAndNewestIsTheDefault() {
        List<String> byReward = titles(acme, "&currency=EUR&sort=reward");
        assertThat(byReward.get(0)).isEqualTo("Web scraper");
        assertThat(byReward.subList(1, 3)).containsExactlyInAnyOrder("Parse invoices", "Read receipts");
        assertThat(byReward.get(3)).isEqualTo("Tiny fix");
        List<String> byDeadline = titles(acme, "&sort=deadline");
        assertThat(byDeadline.get(0)).isEqualTo("Another dollar task");
        // Same deadline (to the second, or a second apart on a slow machine): the random ids order them.
        assertThat(byDeadline.subList(1, 3)).containsExactlyInAnyOrder("Parse invoices", "Web scraper");
        assertThat(byDeadline.subList(3, 6)).containsExactly("Dollar task", "Read receipts", "Tiny fix");
        assertThat(titles(acme, "")).containsExactly(
                "Another dollar task", "Dollar task", "Tiny fix", "Web scraper", "Read receipts", "Parse invoices");
    }

    @ParameterizedTest
    @ValueSource(strings = {"newest", "reward", "deadline"})
    void everySortPagesThroughEveryMatchOnceWithoutGaps(String sort) {
        String query = "/api/bounties?limit=2&currency=EUR&tags=" + run + "&sort=" + sort;
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = get(acme, query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.body().get("data").forEach(bounty -> seen.add(bounty.get("id").asText()));
            cursor = page.body().path("cursor").isMissingNode() || page.body().get("cursor").isNull() ? null : page.body().get("cursor").asText();
            assertThat(page.body().get("hasMore").asBoolean()).isEqualTo(cursor != null);
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(2);
        assertThat(seen).doesNotHaveDuplicates().hasSize(4).containsExactlyInAnyOrderElementsOf(ids.subList(0, 4));
    }

    @Test
    void aCursorIsRefusedWithAnotherSortOrFilter() {
        String cursor = get(acme, "/api/bounties?limit=1&tags=" + run).body().get("cursor").asText();

        Reply otherSort = get(acme, "/api/bounties?limit=1&tags=" + run + "&sort=deadline&cursor=" + cursor);
        Reply otherFilter = get(acme, "/api/bounties?limit=1&tags=" + run + "&status=OPEN&cursor=" + cursor);

        assertThat(otherSort.status()).isEqualTo(400);
        assertThat(otherSort.body().at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(otherSort.body().at("/error/details/cursor").asText()).contains("another sort or filter");
        assertThat(otherFilter.status()).isEqualTo(400);
        assertThat(get(acme, "/api/bounties?limit=1&tags=" + run + "&cursor=" + cursor).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
            "status=OPENED|status",
            "currency=usd|currency",
            "currency=XXY|currency",
            "minReward=-1&currency=EUR|minReward",
            "minReward=ten&currency=EUR|minReward",
            "minReward=100|currency",
            "sort=reward|currency",
            "currency=EUR&minReward=200&maxReward=100|minReward",
            "tags=Not_A_Tag|tags",
            "sort=cheapest|sort"})
    void aBadFilterValueIsAValidationErrorNamingTheParameter(String query, String parameter) {
        Reply reply = get(acme, "/api/bounties?" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
        JsonNode details = reply.body().at("/error/details");
        assertThat(details.has(parameter)).as(reply.body().toString()).isTrue();
    }

    @Test
    void anOverlongSearchIsRefused() {
        assertThat(get(acme, "/api/bounties?q=" + "a".repeat(201)).status()).isEqualTo(400);
    }
}
