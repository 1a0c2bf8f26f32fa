package com.agentbounty.gateway.admin;

import com.agentbounty.infrastructure.eventstore.UtcInstants;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The first phase of a rebuild (docs/decisions/0016-bulk-projection-rebuilds.md): the events up to the head taken at
 * its start, replayed into a {@link ShadowProjection} in large batches, one transaction each, without a tracking
 * processor. Three stages overlap, so that both cores work:
 * <ol>
 * <li>a reader thread fetches the events of {@code batchSize} global indexes a query from the application's event table
 *     and only fetches: every column stays the bytes PostgreSQL sent, and each row's tracking token is made as Axon's
 *     {@code JdbcEventStorageEngine} makes it;</li>
 * <li>decoders (one worker per core) turn each batch into messages through Axon's own {@code upcastAndDeserialize}
 *     with the application's serializer and upcaster chain, keep those of a payload type the projection handles
 *     and deserialise their payloads and timestamps, in parallel (metadata stays lazy, as in any processor);</li>
 * <li>the calling thread hands each batch to the projection.</li>
 * </ol>
 * Its result is the tracking token of the last event read: a {@code GapAwareTrackingToken} whose gaps are the global
 * indexes not (yet) committed below it, so an event committed late is still handled by the processor that goes on from
 * there.
 */
final class BulkCatchUp {

    /** Batches fetched ahead of the one being handled: enough to keep reader and decoders busy, few to bound memory. */
    private static final int READ_AHEAD = 2;
    /** As {@code JdbcEventStorageEngine}'s defaults, which the application's engine uses. */
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final Duration GAP_TIMEOUT = Duration.ofMillis(60_000);

    private final EventSchema schema;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final ConnectionProvider connections;
    private final int batchSize;

    BulkCatchUp(EventSchema schema, Configuration axon, ConnectionProvider connections, int batchSize) {
        this.schema = schema;
        this.serializer = axon.eventSerializer();
        this.upcasters = axon.upcasterChain();
        this.connections = connections;
        this.batchSize = batchSize;
    }

    private record Batch(List<TrackedEventMessage<?>> events, TrackingToken token, boolean last) {
    }

    /**
     * Replays every event up to global index {@code head} into {@code shadow}, telling {@code progress} each position
     * reached; answers the token of the last event read (null when there was none).
     */
    TrackingToken replay(ShadowProjection shadow, long head, LongConsumer progress) throws Exception {
        String name = Thread.currentThread().getName();
        ForkJoinPool decoders = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
            ForkJoinWorkerThread worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            worker.setName(name + "-decoder-" + worker.getPoolIndex());
            return worker;
        }, null, false);
        BlockingQueue<CompletableFuture<Batch>> batches = new ArrayBlockingQueue<>(READ_AHEAD);
        Thread reader = new Thread(() -> read(shadow, head, decoders, batches), name + "-reader");
        reader.setDaemon(true);
        reader.start();
        TrackingToken reached = null;
        try {
            while (true) {
                Batch batch;
                try {
                    batch = batches.take().join();
                } catch (CompletionException e) {
                    throw new IllegalStateException("reading the events failed: " + e.getCause(), e.getCause());
                }
                if (!batch.events().isEmpty()) {
                    shadow.handle(batch.events());
                }
                if (batch.token() != null) {
                    reached = batch.token();
                    progress.accept(reached.position().orElse(0));
                }
                if (batch.last()) {
                    return reached;
                }
            }
        } finally {
            reader.interrupt();
            decoders.shutdownNow();
        }
    }

    /**
     * Reads the table in ranges of {@code batchSize} global indexes, as Axon's engine does: a range (not a LIMIT) keeps
     * every query an index range scan whatever the statistics say. With LIMIT, a freshly filled table (not yet
     * analysed) got plans that read the whole table for each batch.
     */
    private void read(ShadowProjection shadow, long head, ForkJoinPool decoders, BlockingQueue<CompletableFuture<Batch>> batches) {
        String index = schema.globalIndexColumn();
        try (Connection connection = connections.getConnection();
             PreparedStatement first = connection.prepareStatement("SELECT min(%s) FROM %s".formatted(index, schema.domainEventTable()));
             PreparedStatement query = connection.prepareStatement(("SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM %s "
                     + "WHERE %1$s > ? AND %1$s <= ? ORDER BY %1$s").formatted(index,
                     schema.typeColumn(), schema.aggregateIdentifierColumn(), schema.sequenceNumberColumn(),
                     schema.eventIdentifierColumn(), schema.timestampColumn(), schema.payloadTypeColumn(),
                     schema.payloadRevisionColumn(), schema.payloadColumn(), schema.metaDataColumn(), schema.domainEventTable()))) {
            long below;
            try (ResultSet result = first.executeQuery()) {
                result.next();
                long lowest = result.getLong(1);
                below = result.wasNull() ? head : lowest - 1;
            }
            GapAwareTrackingToken token = null;
            boolean last;
            do {
                long upTo = Math.min(head, below + batchSize);
                List<TrackedEventData<?>> rows = new ArrayList<>(batchSize);
                if (below < upTo) {
                    query.setLong(1, below);
                    query.setLong(2, upTo);
                    Instant gapTimeoutFrame = Instant.now().minus(GAP_TIMEOUT);
                    try (ResultSet result = query.executeQuery()) {
                        while (result.next()) {
                            token = advance(token, result, gapTimeoutFrame);
                            rows.add(Row.of(token, result));
                        }
                    }
                }
                below = upTo;
                last = upTo >= head;
                GapAwareTrackingToken reached = token;
                boolean lastBatch = last;
                batches.put(CompletableFuture.supplyAsync(() -> decoded(shadow, rows, reached, lastBatch), decoders));
            } while (!last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the replay has stopped: nobody takes batches any more
        } catch (Throwable e) {
            try {
                batches.put(CompletableFuture.failedFuture(e));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The token of the row {@code result} is at, made as {@code JdbcEventStorageEngine.getTrackedEventData} makes it:
     * the indexes skipped become gaps, unless the row is older than the gap timeout (its timestamp is parsed only then).
     */
    private static GapAwareTrackingToken advance(GapAwareTrackingToken previous, ResultSet result, Instant gapTimeoutFrame)
            throws SQLException {
        long index = result.getLong(1);
        GapAwareTrackingToken token = previous == null
                ? GapAwareTrackingToken.newInstance(index, LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, index), index)
                .boxed().collect(Collectors.toCollection(TreeSet::new)))
                : previous.advanceTo(index, MAX_GAP_OFFSET);
        if (token.hasGaps() && !instant(result.getString(6)).isAfter(gapTimeoutFrame)) {
            token = token.withGapsTruncatedAt(index);
        }
        return token;
    }

    /**
     * A row as the engine reads it (an event whose aggregate identifier is its own identifier has no aggregate). The
     * reader only fetches: every column stays the bytes PostgreSQL sent until a decoder asks for it, and the serializer
     * reads payload and metadata without a detour through text.
     */
    private record Row(TrackingToken trackingToken, long getSequenceNumber, byte[] type, byte[] aggregate, byte[] identifier,
                       byte[] timestamp, byte[] payloadType, byte[] payloadRevision, byte[] payload, byte[] metaData)
            implements TrackedEventData<byte[]>, DomainEventData<byte[]> {

        static Row of(TrackingToken token, ResultSet result) throws SQLException {
            return new Row(token, result.getLong(4), result.getBytes(2), result.getBytes(3), result.getBytes(5), result.getBytes(6),
                    result.getBytes(7), result.getBytes(8), result.getBytes(9), result.getBytes(10));
        }

        @Override
        public String getType() {
            return text(type);
        }

        @Override
        public String getAggregateIdentifier() {
            return Arrays.equals(aggregate, identifier) ? null : text(aggregate);
        }

        @Override
        public String getEventIdentifier() {
            return text(identifier);
        }

        @Override
        public Instant getTimestamp() {
            return instant(text(timestamp));
        }

        @Override
        public SerializedObject<byte[]> getPayload() {
            return new SimpleSerializedObject<>(payload, byte[].class, text(payloadType), text(payloadRevision));
        }

        @Override
        public SerializedObject<byte[]> getMetaData() {
            return new SerializedMetaData<>(metaData, byte[].class);
        }

        /** PgJDBC talks UTF-8 with the server whatever the database's encoding. */
        private static String text(byte[] column) {
            return column == null ? null : new String(column, StandardCharsets.UTF_8);
        }
    }

    /** A stored timestamp: the application's own form directly, any other through Axon's parser, as the engine reads it. */
    private static Instant instant(String stored) {
        Instant instant = UtcInstants.parseOrNull(stored);
        return instant != null ? instant : DateTimeUtils.parseInstant(stored);
    }

    /**
     * The batch as messages, through the upcaster chain in the events' order; then, in parallel, the ones of a payload
     * type the projection handles, with their payloads and timestamps decoded (Jackson is most of the work).
     */
    private Batch decoded(ShadowProjection shadow, List<TrackedEventData<?>> rows, TrackingToken token, boolean last) {
        List<TrackedEventMessage<?>> events = EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer, upcasters).toList();
        List<TrackedEventMessage<?>> handled = events.parallelStream()
                .filter(event -> shadow.handlesType(event.getPayloadType()))
                .map(BulkCatchUp::deserialised)
                .toList();
        return new Batch(handled, token, last);
    }

    private static TrackedEventMessage<?> deserialised(TrackedEventMessage<?> event) {
        event.getPayload();
        event.getTimestamp();
        return event;
    }
}
