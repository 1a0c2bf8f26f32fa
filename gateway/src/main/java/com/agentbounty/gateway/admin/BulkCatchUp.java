package com.agentbounty.gateway.admin;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The first phase of a rebuild (docs/decisions/0016-bulk-projection-rebuilds.md): the events up to the head taken at
 * its start, replayed into a {@link ShadowProjection} in large batches, one transaction each, without a tracking
 * processor. A reader thread fetches them with an event storage engine of its own (the application's table, serializer
 * and upcasters; {@code batchSize} rows a query) and deserialises (in parallel) the payloads the projection handles; the calling thread
 * hands each batch to the projection meanwhile, so the two cores work at once. Its result is the tracking token of the
 * last event read, made by the engine as for any processor: a {@code GapAwareTrackingToken} whose gaps are the global
 * indexes not (yet) committed below it, so an event committed late is still handled by the processor that goes on
 * from there.
 */
final class BulkCatchUp {

    /** Batches read ahead of the one being handled: enough to keep the reader busy, few enough to bound memory. */
    private static final int READ_AHEAD = 2;

    private final EventStorageEngine events;
    private final int batchSize;

    BulkCatchUp(EventSchema schema, Configuration axon, ConnectionProvider connections, TransactionManager transactions, int batchSize) {
        this.events = JdbcEventStorageEngine.builder()
                .schema(schema)
                .dataType(String.class)
                .eventSerializer(axon.eventSerializer())
                .snapshotSerializer(axon.serializer())
                .upcasterChain(axon.upcasterChain())
                .connectionProvider(connections)
                .transactionManager(transactions)
                .batchSize(batchSize)
                .build();
        this.batchSize = batchSize;
    }

    private record Batch(List<TrackedEventMessage<?>> events, TrackingToken token, Throwable failure, boolean last) {
    }

    /**
     * Replays every event up to global index {@code head} into {@code shadow}, telling {@code progress} each position
     * reached; answers the token of the last event read (null when there was none).
     */
    TrackingToken replay(ShadowProjection shadow, long head, LongConsumer progress) throws Exception {
        BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(READ_AHEAD);
        Thread reader = new Thread(() -> read(shadow, head, batches), Thread.currentThread().getName() + "-reader");
        reader.setDaemon(true);
        reader.start();
        TrackingToken reached = null;
        try {
            while (true) {
                Batch batch = batches.take();
                if (batch.failure() != null) {
                    throw new IllegalStateException("reading the events failed: " + batch.failure(), batch.failure());
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
        }
    }

    /**
     * The batch with its payloads and timestamps decoded here, off the thread writing the projection's tables, and in
     * parallel (Jackson and the stored timestamps' parsing are most of the reading's cost). Metadata stays lazy, as in
     * any processor: deserialised only for a handler that asks for it.
     */
    private static Batch deserialised(List<TrackedEventMessage<?>> events, TrackingToken token, boolean last) {
        events.parallelStream().forEach(event -> {
            event.getPayload();
            event.getTimestamp();
        });
        return new Batch(events, token, null, last);
    }

    private void read(ShadowProjection shadow, long head, BlockingQueue<Batch> batches) {
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> all = stream.iterator();
            List<TrackedEventMessage<?>> batch = new ArrayList<>(batchSize);
            TrackingToken token = null;
            boolean atHead = false;
            while (!atHead && all.hasNext()) {
                TrackedEventMessage<?> event = all.next();
                token = event.trackingToken();
                atHead = token.position().orElse(0) >= head;
                if (shadow.canHandle(event)) {
                    batch.add(event);
                }
                if (batch.size() >= batchSize) {
                    batches.put(deserialised(batch, token, false));
                    batch = new ArrayList<>(batchSize);
                }
            }
            batches.put(deserialised(batch, token, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the replay has stopped: nobody takes batches any more
        } catch (Throwable e) {
            try {
                batches.put(new Batch(List.of(), null, e, true));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
