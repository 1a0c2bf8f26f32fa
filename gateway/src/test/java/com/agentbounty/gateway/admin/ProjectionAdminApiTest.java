package com.agentbounty.gateway.admin;

import com.agentbounty.events.bounty.AcceptanceTests;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.DraftBounty;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.gateway.GatewayIntegrationTest;
import com.agentbounty.query.leaderboard.LeaderboardProjection;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Processor status (position, head, lag) and projection rebuilds beside the live read model, through HTTP. */
class ProjectionAdminApiTest extends GatewayIntegrationTest {

    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(120);
    /** Enough events that a rebuild of the listing takes a while (a second or more) on a fast machine. */
    private static final int SEEDED_DRAFTS = 3_000;

    @Autowired
    ProjectionRebuilds rebuilds;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    CommandGateway commands;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    Serializer serializer;

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

    /** Waits until everything that can still write a read model (projections, the saga) has caught up; the Kafka publisher cannot. */
    private void awaitQuiet(User admin) throws InterruptedException {
        List<String> writers = names(get(admin, "/api/admin/projections").body());
        writers.remove("kafka-publisher");
        Instant deadline = Instant.now().plus(REBUILD_TIMEOUT);
        JsonNode processors;
        do {
            Reply reply = get(admin, "/api/admin/projections");
            assertThat(reply.status()).isEqualTo(200);
            processors = reply.body();
            JsonNode all = processors;
            if (writers.stream().allMatch(name -> caughtUp(processor(all, name)))) {
                return;
            }
            Thread.sleep(50);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("not caught up within " + REBUILD_TIMEOUT + ": " + processors);
    }

    private JsonNode startRebuild(User admin, String projection) {
        Reply started = postJson(admin, "/api/admin/projections/" + projection + "/rebuild", null);
        assertThat(started.status()).as("rebuild of %s: %s", projection, started.body()).isEqualTo(202);
        assertThat(started.headers().getLocation()).hasToString(started.body().get("statusUrl").asText());
        return started.body();
    }

    private JsonNode awaitRebuild(User admin, JsonNode started) throws InterruptedException {
        Instant deadline = Instant.now().plus(REBUILD_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Reply status = get(admin, started.get("statusUrl").asText());
            assertThat(status.status()).isEqualTo(200);
            String state = status.body().get("state").asText();
            assertThat(state).as("rebuild %s", status.body()).isNotEqualTo("FAILED");
            if (state.equals("DONE")) {
                return status.body();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("rebuild not done within " + REBUILD_TIMEOUT + ": " + started);
    }

    /** The tables and Redis keys of every projection that can be rebuilt, by processor name. */
    private Map<String, ProjectionRebuilds.Plan> rebuildable() {
        Map<String, ProjectionRebuilds.Plan> plans = new LinkedHashMap<>();
        processing.eventProcessors().forEach((name, processor) -> rebuilds.plan(processor).ifPresent(plan -> plans.put(name, plan)));
        return plans;
    }

    /** Every row of the tables (in a fixed order, as text), their indexes by name and the leaderboard's sorted set. */
    private Map<String, Object> readModels(Iterable<ProjectionRebuilds.Plan> plans) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (ProjectionRebuilds.Plan plan : plans) {
            for (String table : plan.tables()) {
                state.put(table, jdbc.queryForList("SELECT t::text FROM %s t ORDER BY t::text".formatted(table), String.class));
                state.put(table + " indexes", jdbc.queryForList(
                        "SELECT indexname || ': ' || regexp_replace(indexdef, '^.* USING ', '') FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? ORDER BY 1",
                        String.class, table));
            }
        }
        state.put(LeaderboardProjection.WINS_KEY, redis.opsForZSet().reverseRangeWithScores(LeaderboardProjection.WINS_KEY, 0, -1).stream()
                .map(entry -> entry.getValue() + "=" + entry.getScore()).toList());
        return state;
    }

    /** A bounty paid out to the agent whose code passed, with a failing competitor and a public profile. */
    private void payOutABounty() {
        User acme = business();
        String bounty = draftAndFund(acme, 12_000, "USD", "math", Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS), "FIRST_PASSING");
        User winner = onboardedAgent();
        User loser = onboardedAgent();
        assertThat(send(HttpMethod.PUT, "/api/agents/me/profile", "{\"displayName\":\"Winner\",\"headline\":\"adds\",\"capabilities\":[\"math\"]}",
                MediaType.APPLICATION_JSON, winner).status()).isEqualTo(200);
        String failing = submit(loser, bounty, FAILING_CODE);
        String passing = submit(winner, bounty, PASSING_CODE);
        awaitBody(loser, "/api/submissions/" + failing, field("status", "VERIFIED"));
        awaitBody(winner, "/api/submissions/" + passing, field("status", "VERIFIED"));
        assertThat(postJson(acme, "/api/submissions/" + passing + "/approve", "").status()).isEqualTo(200);
        awaitBody(acme, "/api/bounties/" + bounty + "/escrow", field("status", "PAID_OUT"));
        awaitBody(winner, "/api/leaderboard", body -> body.toString().contains(winner.id()));
    }

    @Test
    void anAdminSeesEveryProcessorWithItsPositionHeadAndANonNegativeLag() {
        User admin = admin();
        long storedEvents = storedEvents();

        Reply reply = get(admin, "/api/admin/projections");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(names(reply.body())).contains("bounty-listing", "acceptance-tests", "agent-profile", "escrow-view",
                "submission-view", "leaderboard", "BountyLifecycleSagaProcessor", "kafka-publisher");
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
        assertThat(processor(reply.body(), "leaderboard").get("replayable").asBoolean()).isTrue();
        assertThat(processor(reply.body(), "BountyLifecycleSagaProcessor").get("replayable").asBoolean()).isFalse();
        assertThat(processor(reply.body(), "kafka-publisher").get("replayable").asBoolean()).isFalse();
    }

    @Test
    void onlyAnAdminRebuildsProjections() {
        User acme = business();
        User agent = agent();

        assertThat(get(acme, "/api/admin/projections").status()).isEqualTo(403);
        assertThat(postJson(acme, "/api/admin/projections/bounty-listing/rebuild", null).status()).isEqualTo(403);
        assertThat(postJson(agent, "/api/admin/projections/bounty-listing/rebuild", null).status()).isEqualTo(403);
        assertThat(get(agent, "/api/admin/projections/bounty-listing/rebuilds/" + UUID.randomUUID()).status()).isEqualTo(403);
        assertThat(postJson(null, "/api/admin/projections/bounty-listing/rebuild", null).status()).isEqualTo(401);
        assertThat(rebuilds.running("bounty-listing")).as("nothing started").isEmpty();
    }

    @Test
    void everyProjectionRebuiltAfterAMoneyFlowEndsWithTheSameRowsIndexesAndLeaderboard() throws InterruptedException {
        User admin = admin();
        payOutABounty();
        awaitQuiet(admin);
        Map<String, ProjectionRebuilds.Plan> plans = rebuildable();
        assertThat(plans.keySet()).contains("bounty-listing", "acceptance-tests", "agent-profile", "escrow-view", "submission-view", "leaderboard",
                "agent-reputation", "business-dashboard", "analytics");
        Map<String, Object> before = readModels(plans.values());
        // A view over a rebuilt table (analytics_daily) must read the new table, not die with the old one.
        String daily = "/api/analytics/daily?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1);
        JsonNode dailyBefore = get(admin, daily).body();
        assertThat(dailyBefore.toString()).contains("USD");
        assertThat(before.get("escrow_view").toString()).contains("PAID_OUT");
        assertThat((List<?>) before.get(LeaderboardProjection.WINS_KEY)).isNotEmpty();

        for (String projection : plans.keySet()) {
            JsonNode done = awaitRebuild(admin, startRebuild(admin, projection));
            assertThat(done.get("percent").asDouble()).isEqualTo(100);
            assertThat(done.get("position").asLong()).isPositive();
        }

        awaitQuiet(admin);
        assertThat(readModels(plans.values())).isEqualTo(before);
        assertThat(get(admin, daily).body()).isEqualTo(dailyBefore);
        assertThat(jdbc.queryForList("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%'", String.class))
                .as("no schema left behind").isEmpty();
        assertThat(redis.keys("rebuild:*")).as("no Redis key left behind").isEmpty();
    }

    @Test
    void readersKeepGettingTheListingWhileItIsRebuiltAndBountiesPostedMeanwhileAreInTheNewTable() throws Exception {
        User admin = admin();
        User acme = business();
        String first = postJson(acme, "/api/bounties", bountyJson("Listed before the rebuild", 1_000, "USD")).body().get("id").asText();
        seedDrafts(new UserId(acme.id()));
        awaitQuiet(admin);

        JsonNode started = startRebuild(admin, "bounty-listing");
        Reply second = postJson(admin, "/api/admin/projections/bounty-listing/rebuild", null);
        List<String> postedMeanwhile = new ArrayList<>();
        int readsWhileBuilding = 0;
        String state = started.get("state").asText();
        while (!state.equals("DONE")) {
            assertThat(state).as("rebuild %s", started).isNotEqualTo("FAILED");
            Reply listing = get(acme, "/api/bounties?limit=20");
            Reply detail = get(acme, "/api/bounties/" + first);
            assertThat(listing.status()).as("listing during the rebuild").isEqualTo(200);
            assertThat(listing.body().get("data")).as("listing during the rebuild").isNotEmpty();
            assertThat(detail.status()).as("detail during the rebuild").isEqualTo(200);
            if (state.equals("BUILDING")) {
                readsWhileBuilding++;
                // All three at the first sight of BUILDING: a rebuild of this small history may be done a few polls later.
                while (postedMeanwhile.size() < 3) {
                    Reply posted = postJson(acme, "/api/bounties", bountyJson("Posted during the rebuild", 2_000, "USD"));
                    assertThat(posted.status()).isIn(201, 202);
                    postedMeanwhile.add(posted.body().get("id").asText());
                }
            }
            state = get(admin, started.get("statusUrl").asText()).body().get("state").asText();
        }

        assertThat(second.status()).as("a second rebuild while the first runs").isEqualTo(409);
        assertThat(second.body().at("/error/code").asText()).isEqualTo("REBUILD_IN_PROGRESS");
        assertThat(readsWhileBuilding).as("reads while the new table was being built").isPositive();
        assertThat(postedMeanwhile).as("bounties posted while the new table was being built").hasSize(3);
        for (String id : postedMeanwhile) {
            assertThat(jdbc.queryForObject("SELECT title FROM bounty_listing WHERE bounty_id = ?", String.class, id))
                    .isEqualTo("Posted during the rebuild");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bounty_listing WHERE business_id = ?", Long.class, acme.id()))
                .isEqualTo(1 + SEEDED_DRAFTS + 3);
        assertThat(postJson(acme, "/api/bounties", bountyJson("Posted after the switch", 3_000, "USD")).status())
                .as("the live processor runs on the new table").isEqualTo(201);
    }

    /**
     * A transaction that took a global index before the rebuild started and commits only after the bulk phase has read
     * past it: the rebuild's token keeps that index as a gap, so the processor that goes on from it (the live one, after
     * the switch) still handles the event.
     */
    @Test
    void anEventCommittedLateBelowWhereTheBulkPhaseStoppedStillReachesTheRebuiltListing() throws Exception {
        User admin = admin();
        User acme = business();
        long reserved = jdbc.queryForObject("SELECT nextval(pg_get_serial_sequence('domain_event_entry', 'global_index'))", Long.class);
        postJson(acme, "/api/bounties", bountyJson("Committed in order", 1_000, "USD"));
        awaitQuiet(admin);

        awaitRebuild(admin, startRebuild(admin, "bounty-listing"));
        BountyId late = BountyId.random();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        BountyDrafted drafted = new BountyDrafted(late, new UserId(acme.id()), new BountyTerms("Committed late", "Its index was taken early",
                new Money(1_000, "USD"), now.plus(Duration.ofDays(30)), List.of("late"), null),
                new AcceptanceTests(RuntimeKind.QUICKJS, "test('t', () => assertEqual(1, 1));"), now);
        jdbc.update("""
                INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 0, 'Bounty', ?, ?, NULL, ?, ?)""",
                reserved, UUID.randomUUID().toString(), late.value(), now.toString(), BountyDrafted.class.getName(),
                serializer.serialize(drafted, String.class).getData(), serializer.serialize(MetaData.emptyInstance(), String.class).getData());

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (jdbc.queryForObject("SELECT count(*) FROM bounty_listing WHERE bounty_id = ?", Long.class, late.value()) == 0) {
            assertThat(Instant.now()).as("the late event in the rebuilt listing").isBefore(deadline);
            Thread.sleep(50);
        }
        assertThat(jdbc.queryForObject("SELECT title FROM bounty_listing WHERE bounty_id = ?", String.class, late.value()))
                .isEqualTo("Committed late");
    }

    /** Drafts through the command bus, eight at a time: many events quickly, each a real BountyDrafted. */
    private void seedDrafts(UserId business) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CompletableFuture.allOf(IntStream.range(0, 8).mapToObj(worker -> CompletableFuture.runAsync(() -> {
            for (int i = worker; i < SEEDED_DRAFTS; i += 8) {
                commands.sendAndWait(new DraftBounty(BountyId.random(), business, new BountyTerms("Seeded " + i, "Seeded for a rebuild",
                        new Money(1_000, "USD"), now.plus(Duration.ofDays(30)), List.of("seed"), null),
                        new AcceptanceTests(RuntimeKind.QUICKJS, "test('t', () => assertEqual(1, 1));"), now));
            }
        })).toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void whoStartedARebuildIsInTheSecurityLog() throws InterruptedException {
        User admin = admin();

        JsonNode started = startRebuild(admin, "acceptance-tests");
        JsonNode done = awaitRebuild(admin, started);

        String id = started.get("id").asText();
        JsonNode entry = null;
        for (JsonNode candidate : get(admin, "/api/audit/security-log?limit=200").body().get("data")) {
            if (candidate.get("action").asText().equals("PROJECTION_REBUILD_STARTED") && candidate.get("subjectId").asText().equals(id)) {
                entry = candidate;
            }
        }
        assertThat(entry).as("audit entry of rebuild %s", id).isNotNull();
        assertThat(entry.get("actorId").asText()).isNotBlank().isEqualTo(done.get("startedBy").asText());
        assertThat(entry.get("detail").asText()).contains("acceptance-tests");
        assertThat(get(admin, "/api/admin/projections/escrow-view/rebuilds/" + id).status())
                .as("the id under another projection").isEqualTo(404);
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
    void rebuildingAnUnknownProjectionOrAskingForAnUnknownRebuildIsNotFound() {
        User admin = admin();

        Reply rebuild = postJson(admin, "/api/admin/projections/no-such-projection/rebuild", null);
        Reply status = get(admin, "/api/admin/projections/bounty-listing/rebuilds/" + UUID.randomUUID());

        assertThat(rebuild.status()).isEqualTo(404);
        assertThat(rebuild.body().at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(status.status()).isEqualTo(404);
    }
}
