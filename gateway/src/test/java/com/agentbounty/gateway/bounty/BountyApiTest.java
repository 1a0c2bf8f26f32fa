package com.agentbounty.gateway.bounty;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Drafting, revising, listing and reading bounties over HTTP, end to end through every layer. */
class BountyApiTest extends GatewayIntegrationTest {

    private User acme;

    @BeforeEach
    void signUpABusiness() {
        acme = business();
    }

    @Test
    void aDraftedBountyIsVisibleInTheVeryNextRead() {
        Reply created = postJson(acme, "/api/bounties", bountyJson("Read your writes", 50_000, "USD"));

        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.headers().getLocation()).hasToString("/api/bounties/" + id);
        assertThat(created.body().get("status").asText()).isEqualTo("DRAFT");
        assertThat(created.body().get("businessId").asText()).isEqualTo(acme.id());
        assertThat(created.body().at("/reward/amount").asLong()).isEqualTo(50_000);
        assertThat(created.body().at("/reward/currency").asText()).isEqualTo("USD");

        Reply detail = get(acme, "/api/bounties/" + id);
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body().get("title").asText()).isEqualTo("Read your writes");
        assertThat(detail.body().get("tags")).extracting(JsonNode::asText).containsExactly("pdf", "parsing");
    }

    @Test
    void theListingWalksEveryBountyOnceThroughItsCursor() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, postJson(acme, "/api/bounties", bountyJson(marker + " " + i, 1_000 + i, "EUR")).body().get("id").asText());
        }

        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = get(acme, "/api/bounties?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("data").size()).isLessThanOrEqualTo(2);
            page.body().get("data").forEach(bounty -> {
                if (bounty.get("title").asText().startsWith(marker)) {
                    listed.add(bounty.get("id").asText());
                }
            });
            cursor = page.body().path("cursor").isMissingNode() ? null : page.body().get("cursor").asText();
            assertThat(page.body().get("hasMore").asBoolean()).isEqualTo(cursor != null);
        } while (cursor != null);

        assertThat(listed).containsExactlyElementsOf(created);
    }

    @Test
    void aLimitAboveTheMaximumIsCappedAtOneHundred() {
        Reply page = get(acme, "/api/bounties?limit=100000");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("data").size()).isLessThanOrEqualTo(100);
    }

    @Test
    void aRevisedDraftShowsItsNewTermsAtOnce() {
        String id = postJson(acme, "/api/bounties", bountyJson("Before", 10_000, "USD")).body().get("id").asText();

        Reply revised = send(HttpMethod.PUT, "/api/bounties/" + id, bountyJson("After", 12_345, "GBP"), MediaType.APPLICATION_JSON, acme);

        assertThat(revised.status()).isEqualTo(200);
        assertThat(revised.body().get("title").asText()).isEqualTo("After");
        Reply detail = get(acme, "/api/bounties/" + id);
        assertThat(detail.body().at("/reward/amount").asLong()).isEqualTo(12_345);
        assertThat(detail.body().at("/reward/currency").asText()).isEqualTo("GBP");
    }

    @Test
    void anUnknownBountyIsNotFoundInTheStandardErrorFormat() {
        Reply reply = get(acme, "/api/bounties/" + UUID.randomUUID());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(reply.body().at("/error/message").asText()).isNotBlank();
    }

    @Test
    void revisingAnUnknownBountyIsNotFoundAndStoresNothing() {
        long before = storedEvents();

        Reply reply = send(HttpMethod.PUT, "/api/bounties/" + UUID.randomUUID(), bountyJson("x", 100, "USD"), MediaType.APPLICATION_JSON, acme);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{}",
            "{\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":0,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":-500,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":92233720368547758070,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100000000000000001,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":12.5,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":\"100\",\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"XXY\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"usd\"},\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"USD\"},\"deadline\":\"2001-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"USD\"},\"deadline\":\"next week\"}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\",\"tags\":[\"Not A Tag\"]}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\",\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\",\"isAdmin\":true}",
            "{\"title\":\"t\",\"description\":\"d\",\"reward\":100,\"deadline\":\"2999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\", \"description\":",
            "[1,2,3]",
            "null"
    })
    void badInputIsRefusedWithAValidationErrorAndStoresNoEvent(String body) {
        long before = storedEvents();

        Reply reply = postJson(acme, "/api/bounties", withAcceptanceTests(body));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.body().at("/error/message").asText()).isNotBlank();
        assertThat(reply.body().at("/error/details").isObject()).isTrue();
        assertThat(reply.body().toString()).doesNotContain("Exception").doesNotContain("at com.");
        assertThat(storedEvents()).isEqualTo(before);
    }

    /** The control case of the bad inputs above: the same body with nothing wrong is accepted. */
    @Test
    void theBadInputsDifferFromAnAcceptedBodyInOneDefectEach() {
        String valid = "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}";

        assertThat(postJson(acme, "/api/bounties", withAcceptanceTests(valid)).status()).isEqualTo(201);
    }

    /** Adds valid acceptance tests to a body that names a title, so each bad case keeps exactly its own defect. */
    private static String withAcceptanceTests(String body) {
        return body.startsWith("{\"title\"") || body.startsWith("{\"description\"")
                ? "{\"acceptanceTests\":{\"runtime\":\"QUICKJS\",\"source\":\"test('t', () => {});\"}," + body.substring(1)
                : body;
    }

    @Test
    void bountiesWithoutAcceptanceTestsAreRefused() {
        String noTests = "{\"title\":\"t\",\"description\":\"d\",\"reward\":{\"amount\":100,\"currency\":\"USD\"},\"deadline\":\"2999-01-01T00:00:00Z\"}";

        Reply reply = postJson(acme, "/api/bounties", noTests);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/details/acceptanceTests").asText()).isNotBlank();
    }

    @Test
    void theHiddenTestsNeverAppearInTheBountyItself() {
        String id = postJson(acme, "/api/bounties", bountyJson("Hidden tests", 100, "USD")).body().get("id").asText();

        assertThat(get(acme, "/api/bounties/" + id).body().toString()).doesNotContain("assertEqual");
        assertThat(get(acme, "/api/bounties").body().toString()).doesNotContain("assertEqual");
    }

    @Test
    void anOversizedTitleNamesTheField() {
        String body = bountyJson("x".repeat(201), 100, "USD");

        Reply reply = postJson(acme, "/api/bounties", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/details/title").asText()).contains("size");
    }

    @Test
    void aMissingRewardNamesTheMissingFields() {
        Reply reply = postJson(acme, "/api/bounties", withAcceptanceTests("{\"title\":\"t\",\"description\":\"d\",\"reward\":{},\"deadline\":\"2999-01-01T00:00:00Z\"}"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/details").fieldNames()).toIterable().contains("reward.amount", "reward.currency");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedAsUnsupportedMediaType() {
        long before = storedEvents();

        Reply reply = send(HttpMethod.POST, "/api/bounties", "title=t", MediaType.APPLICATION_FORM_URLENCODED, acme);

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aBadListingParameterIsAValidationError() {
        assertThat(get(acme, "/api/bounties?limit=0").body().at("/error/details/limit").isMissingNode()).isFalse();
        assertThat(get(acme, "/api/bounties?limit=ten").status()).isEqualTo(400);
        assertThat(get(acme, "/api/bounties?cursor=forged").body().at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void anUnknownRouteAnswersInTheStandardErrorFormat() {
        Reply reply = get(acme, "/api/no-such-thing");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }
}
