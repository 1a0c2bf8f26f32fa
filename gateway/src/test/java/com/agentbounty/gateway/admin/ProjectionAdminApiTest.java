package com.agentbounty.gateway.admin;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Processor status (position, head, lag) and projection rebuilds, through HTTP. */
class ProjectionAdminApiTest extends GatewayIntegrationTest {

    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(60);

    private static List<String> names(JsonNode processors) {
        List<String> names = new ArrayList<>();
        processors.forEach(processor -> names.add(processor.get("name").asText()));
        return names;
    }

    private static JsonNode processor(JsonNode processors, String name) {
        for (JsonNode processor : processors) {
            if (processor.get("name").asText().equals(name)) {
                return processor;
            }
        }
        throw new AssertionError("no processor " + name + " in " + processors);
    }

    /** Caught up: running, segments claimed, none replaying, nothing left between them and the head. */
    private static boolean caughtUp(JsonNode processor) {
        return processor.get("running").asBoolean() && !processor.get("error").asBoolean()
                && !processor.get("replaying").asBoolean() && !processor.get("segments").isEmpty()
                && processor.get("lag").asLong() == 0;
    }

    private JsonNode awaitCaughtUp(User admin, List<String> names) throws InterruptedException {
        Instant deadline = Instant.now().plus(REBUILD_TIMEOUT);
        JsonNode processors;
        do {
            Reply reply = get(admin, "/api/admin/projections");
            assertThat(reply.status()).isEqualTo(200);
            processors = reply.body();
            JsonNode all = processors;
            if (names.stream().allMatch(name -> caughtUp(processor(all, name)))) {
                return processors;
            }
            Thread.sleep(50);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("not caught up within " + REBUILD_TIMEOUT + ": " + processors);
    }

    /** The whole table, every column; SQL arrays (which have no equals) as lists. */
    private List<Map<String, Object>> bountyListing() {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM bounty_listing ORDER BY bounty_id");
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                if (column.getValue() instanceof java.sql.Array array) {
                    try {
                        column.setValue(List.of((Object[]) array.getArray()));
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void anAdminSeesEveryProcessorWithItsPositionHeadAndANonNegativeLag() {
        User admin = admin();
        long storedEvents = storedEvents();

        Reply reply = get(admin, "/api/admin/projections");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(names(reply.body())).contains("bounty-listing", "acceptance-tests", "agent-profile", "escrow-view",
                "submission-view", "BountyLifecycleSagaProcessor", "kafka-publisher");
        for (JsonNode processor : reply.body()) {
            assertThat(processor.get("head").asLong()).as("head of %s", processor).isGreaterThanOrEqualTo(storedEvents);
            assertThat(processor.get("lag").asLong()).as("lag of %s", processor).isGreaterThanOrEqualTo(0);
            for (JsonNode segment : processor.get("segments")) {
                assertThat(segment.get("lag").asLong()).as("segment lag of %s", processor).isGreaterThanOrEqualTo(0);
                assertThat(segment.get("lag").asLong())
                        .isEqualTo(processor.get("head").asLong() - segment.path("position").asLong(0));
            }
        }
        assertThat(processor(reply.body(), "bounty-listing").get("replayable").asBoolean()).isTrue();
        assertThat(processor(reply.body(), "BountyLifecycleSagaProcessor").get("replayable").asBoolean()).isFalse();
        assertThat(processor(reply.body(), "kafka-publisher").get("replayable").asBoolean()).isFalse();
    }

    @Test
    void aBusinessCannotSeeOrRebuildProjections() {
        User acme = business();

        assertThat(get(acme, "/api/admin/projections").status()).isEqualTo(403);
        assertThat(postJson(acme, "/api/admin/projections/bounty-listing/rebuild", null).status()).isEqualTo(403);
    }

    @Test
    void rebuildingTheBountyListingEndsWithTheSameRows() throws InterruptedException {
        User admin = admin();
        User acme = business();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Reply created = postJson(acme, "/api/bounties", bountyJson("Rebuild " + UUID.randomUUID(), 2_000 + i, "USD"));
            assertThat(created.status()).isEqualTo(201);
            mine.add(created.body().get("id").asText());
        }
        // Everything that can still write to the listing (projections, the saga) has caught up; the Kafka publisher cannot.
        List<String> writers = names(get(admin, "/api/admin/projections").body());
        writers.remove("kafka-publisher");
        awaitCaughtUp(admin, writers);
        List<Map<String, Object>> before = bountyListing();
        assertThat(before).extracting(row -> row.get("bounty_id").toString()).containsAll(mine);

        Reply rebuild = postJson(admin, "/api/admin/projections/bounty-listing/rebuild", null);

        assertThat(rebuild.status()).isEqualTo(202);
        assertThat(rebuild.body().get("name").asText()).isEqualTo("bounty-listing");
        assertThat(rebuild.body().get("running").asBoolean()).isTrue();
        awaitCaughtUp(admin, List.of("bounty-listing"));
        assertThat(bountyListing()).isEqualTo(before);
    }

    @Test
    void theSagaProcessorAndTheKafkaPublisherAreNeverReplayed() {
        User admin = admin();

        Reply saga = postJson(admin, "/api/admin/projections/BountyLifecycleSagaProcessor/rebuild", null);
        Reply kafka = postJson(admin, "/api/admin/projections/kafka-publisher/rebuild", null);

        assertThat(saga.status()).isEqualTo(409);
        assertThat(saga.body().at("/error/code").asText()).isEqualTo("PROCESSOR_NOT_REPLAYABLE");
        assertThat(kafka.status()).isEqualTo(409);
        assertThat(kafka.body().at("/error/code").asText()).isEqualTo("PROCESSOR_NOT_REPLAYABLE");
    }

    @Test
    void rebuildingAnUnknownProjectionIsNotFound() {
        Reply reply = postJson(admin(), "/api/admin/projections/no-such-projection/rebuild", null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }
}
