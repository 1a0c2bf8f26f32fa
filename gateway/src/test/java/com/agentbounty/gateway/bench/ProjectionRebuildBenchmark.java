package com.agentbounty.gateway.bench;

import com.agentbounty.events.bounty.AcceptanceTests;
import com.agentbounty.events.bounty.AwardMode;
import com.agentbounty.events.bounty.BountyClaimed;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyFundingRequested;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyOpened;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.ClaimWithdrawn;
import com.agentbounty.events.bounty.CompetitionRules;
import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.gateway.admin.ProjectionRebuildProperties;
import com.agentbounty.gateway.admin.ProjectionRebuilds;
import com.agentbounty.query.bounty.BountyListingProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast a projection is rebuilt beside the live one (docs/benchmarks.md, "Projection rebuilds"), against the
 * fastest possible read of the same events in the same run. Run with {@code bench/run-rebuild.sh}; never part of the
 * ordinary test run.
 * <ol>
 *   <li>Every tracking processor is stopped, so nothing else competes for the 2 cores;</li>
 *   <li>{@code bench.rebuild-events} events (default one million) are written straight into {@code domain_event_entry}
 *       with batched JDBC inserts: five per bounty (drafted, funding requested, opened, claimed, claim withdrawn),
 *       serialised by the application's own serializer, as the event store would have stored them;</li>
 *   <li>baseline: one ordered read of the whole event table over JDBC (every column, fetch size 10,000);</li>
 *   <li>diagnostic: the same events through Axon's event store stream (deserialised payloads), the ceiling of any
 *       tracking processor;</li>
 *   <li>the rebuild of {@code bounty-listing} through {@link ProjectionRebuilds}, from the request to the switch.</li>
 * </ol>
 */
@SpringBootTest
class ProjectionRebuildBenchmark {

    private static final long EVENTS = Long.getLong("bench.rebuild-events", 1_000_000);
    private static final int EVENTS_PER_BOUNTY = 5;
    private static final int INSERT_BATCH = 1_000;
    private static final double GOAL_RATIO = 0.3;
    private static final double GOAL_EVENTS_PER_SECOND = 100_000;
    private static final Duration REBUILD_LIMIT = Duration.ofMinutes(30);
    private static final String DESCRIPTION = "Implement a function that parses ISO-8601 durations such as P1DT2H30M and returns the "
            + "total number of seconds; reject malformed input with a clear error. Plain JavaScript, no dependencies.";

    @Autowired
    Environment environment;

    @Autowired
    Serializer serializer;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    ProjectionRebuilds rebuilds;

    @Autowired
    ProjectionRebuildProperties properties;

    private final StringBuilder report = new StringBuilder();

    @Test
    void rebuildFigures() throws Exception {
        processing.eventProcessors().values().forEach(EventProcessor::shutDown);
        CpuMeter cpu;
        try (Connection connection = connect()) {
            cpu = new CpuMeter(CpuMeter.postmasterPid(connection));
        }
        line("\n==================== Agent-Bounty projection rebuild benchmark ====================");
        line("  date            %s; %d cores, Java %s; loadavg %s", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).trim());
        line("  rebuild         %s, bulk phase %d events per transaction, then its processor %d", BountyListingProjection.PROCESSING_GROUP,
                properties.bulkBatchSize(), properties.batchSize());

        long seedStarted = System.nanoTime();
        long bounties = seed();
        double seedSeconds = (System.nanoTime() - seedStarted) / 1e9;
        long stored = queryLong("SELECT count(*) FROM domain_event_entry");
        line("  seeded          %d events (%d bounties) in %.1f s = %.0f events/s; event table now %d rows, %s", bounties * EVENTS_PER_BOUNTY,
                bounties, seedSeconds, bounties * EVENTS_PER_BOUNTY / seedSeconds, stored,
                queryString("SELECT pg_size_pretty(pg_total_relation_size('domain_event_entry'))"));
        line("");

        CpuMeter.Snapshot before = cpu.snapshot();
        double rawPerSecond = rawOrderedRead(stored);
        line("%-66s %12.0f /s", "(a) baseline: ordered JDBC read of domain_event_entry, every column", rawPerSecond);
        report.append(cpu.snapshot().since(before, stored, Runtime.getRuntime().availableProcessors()));

        before = cpu.snapshot();
        double streamPerSecond = axonStreamRead(stored);
        line("%-66s %12.0f /s", "    diagnostic: Axon event store stream, payloads deserialised", streamPerSecond);
        report.append(cpu.snapshot().since(before, stored, Runtime.getRuntime().availableProcessors()));

        before = cpu.snapshot();
        long started = System.nanoTime();
        ProjectionRebuilds.Progress done = rebuild();
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        CpuMeter.Snapshot after = cpu.snapshot();
        double rebuildPerSecond = done.eventsPerSecond();
        double ratio = rebuildPerSecond / rawPerSecond;
        line("%-66s %12.0f /s  goal >= 100,000/s %s", "(b) rebuild of bounty-listing, replay", rebuildPerSecond,
                rebuildPerSecond >= GOAL_EVENTS_PER_SECOND ? "met" : "MISSED");
        report.append(after.since(before, stored, Runtime.getRuntime().availableProcessors()));
        line("    request to switched: %.1f s for %d events (%.0f events/s overall)", wallSeconds, done.position(), done.position() / wallSeconds);
        line("%-66s %12.3f     goal >= 0.3 %s", "(c) ratio b / a", ratio, ratio >= GOAL_RATIO ? "met" : "MISSED");

        long listed = queryLong("SELECT count(*) FROM bounty_listing");
        line("  bounty_listing  %d rows after the switch", listed);
        line("====================================================================================");
        System.out.println(report);
        Path out = Path.of("target", "bench", "projection-rebuild-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        assertThat(listed).as("every seeded bounty is in the rebuilt listing").isGreaterThanOrEqualTo(bounties);
    }

    /** Five events per bounty, in batches of {@value #INSERT_BATCH} rows; returns the number of bounties. */
    private long seed() throws SQLException {
        long bounties = EVENTS / EVENTS_PER_BOUNTY;
        UserId business = new UserId(UUID.randomUUID().toString());
        UserId agent = new UserId(UUID.randomUUID().toString());
        CompetitionRules rules = new CompetitionRules(AwardMode.FIRST_PASSING, 10, 3, false);
        AcceptanceTests tests = new AcceptanceTests(RuntimeKind.QUICKJS, "test('parses a day', () => assertEqual(seconds('P1D'), 86400));");
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 'Bounty', ?, ?, NULL, ?, ?)""")) {
            connection.setAutoCommit(false);
            int rows = 0;
            for (long i = 0; i < bounties; i++) {
                BountyId bounty = BountyId.random();
                EscrowId escrow = EscrowId.random();
                Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
                Money reward = new Money(5_000 + i % 1_000, "USD");
                Instant deadline = at.plus(30, ChronoUnit.DAYS);
                List<Object> events = List.of(
                        new BountyDrafted(bounty, business, new BountyTerms("Benchmark bounty " + i, DESCRIPTION, reward, deadline,
                                List.of("benchmark", "parsing"), rules), tests, at),
                        new BountyFundingRequested(bounty, business, escrow, reward, FundingStrategy.CHARGE, Duration.ofDays(2), at),
                        new BountyOpened(bounty, escrow, deadline, Duration.ofDays(2), rules, at),
                        new BountyClaimed(bounty, agent, 1, at),
                        new ClaimWithdrawn(bounty, agent, 0));
                for (int sequence = 0; sequence < events.size(); sequence++) {
                    Object event = events.get(sequence);
                    MetaData metaData = MetaData.with("traceId", UUID.randomUUID().toString()).and("correlationId", UUID.randomUUID().toString());
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, bounty.value());
                    insert.setLong(3, sequence);
                    insert.setString(4, at.toString());
                    insert.setString(5, event.getClass().getName());
                    insert.setString(6, serializer.serialize(event, String.class).getData());
                    insert.setString(7, serializer.serialize(metaData, String.class).getData());
                    insert.addBatch();
                    if (++rows % INSERT_BATCH == 0) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        return bounties;
    }

    /** Rows per second of one ordered read of the whole event table, every column into Java values. */
    private double rawOrderedRead(long expected) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10_000);
                long started = System.nanoTime();
                long rows = 0;
                long bytes = 0;
                try (ResultSet rs = statement.executeQuery("""
                        SELECT global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                               payload_type, payload_revision, payload, meta_data
                        FROM domain_event_entry ORDER BY global_index""")) {
                    while (rs.next()) {
                        rs.getLong(1);
                        rs.getLong(4);
                        for (int column : new int[]{2, 3, 5, 6, 7, 8, 9, 10}) {
                            String value = rs.getString(column);
                            bytes += value == null ? 0 : value.length();
                        }
                        rows++;
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                assertThat(rows).isEqualTo(expected);
                assertThat(bytes).isPositive();
                return rows / seconds;
            }
        }
    }

    /** Events per second through the event store's own stream, as a tracking processor reads them. */
    private double axonStreamRead(long expected) throws InterruptedException {
        long started = System.nanoTime();
        long read = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (read < expected && stream.hasNextAvailable(10, java.util.concurrent.TimeUnit.SECONDS)) {
                assertThat(stream.nextAvailable().getPayload()).isNotNull();
                read++;
            }
        }
        assertThat(read).isEqualTo(expected);
        return read / ((System.nanoTime() - started) / 1e9);
    }

    private ProjectionRebuilds.Progress rebuild() throws InterruptedException {
        ProjectionRebuilds.Progress progress = rebuilds.start(BountyListingProjection.PROCESSING_GROUP, new UserId("benchmark"));
        long deadline = System.nanoTime() + REBUILD_LIMIT.toNanos();
        while (progress.state() != ProjectionRebuilds.State.DONE && System.nanoTime() < deadline) {
            assertThat(progress.state()).as("rebuild %s", progress).isNotEqualTo(ProjectionRebuilds.State.FAILED);
            Thread.sleep(200);
            progress = rebuilds.find(BountyListingProjection.PROCESSING_GROUP, progress.id()).orElseThrow();
        }
        assertThat(progress.state()).as("rebuild %s", progress).isEqualTo(ProjectionRebuilds.State.DONE);
        return progress;
    }

    private long queryLong(String sql) throws SQLException {
        return Long.parseLong(queryString(sql));
    }

    private String queryString(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    /** A connection of the benchmark's own; batched inserts are rewritten into multi-row ones by the driver. */
    private Connection connect() throws SQLException {
        String url = environment.getRequiredProperty("spring.datasource.url");
        return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                environment.getRequiredProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password", ""));
    }

    private void line(String format, Object... arguments) {
        report.append(String.format(Locale.ROOT, format, arguments)).append('\n');
    }
}
