package com.agentbounty.gateway.admin;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.audit.SecurityAuditLog;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.query.ReadModel;
import com.agentbounty.query.cache.ReadCache;
import jakarta.annotation.PreDestroy;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Rebuilds a projection beside the live one and switches it in, so that readers never see its tables empty
 * (docs/decisions/0009-projection-rebuilds.md, docs/runbooks/rebuild-projection.md).
 * <ol>
 * <li>The projection's tables (its {@link ReadModel}) are copied empty into a schema {@code rebuild_<processor>};</li>
 * <li>a {@link ShadowProjection} replays every event from the start of the stream into them, while the live processor
 *     goes on serving and updating the live tables: first the events up to the head taken at the start, in large
 *     batches ({@link BulkCatchUp}), then the rest through its own tracking processor, started where the bulk stopped
 *     (docs/decisions/0016-bulk-projection-rebuilds.md);</li>
 * <li>once it has caught up, the live processor stops, the rebuild goes on until it is at least where the live one
 *     stopped, and stops too; one transaction moves the live tables out and the new ones in and gives the live
 *     processor the rebuild's tokens ({@link ShadowTables#switchIn}); Redis keys are renamed into place; the live
 *     processor starts again from there; the old tables are dropped.</li>
 * </ol>
 * One rebuild per projection at a time (409 otherwise); each is a row of {@code projection_rebuild}. A rebuild that
 * fails leaves the live tables and processor as they were.
 */
@Component
@EnableConfigurationProperties(ProjectionRebuildProperties.class)
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long the rebuild may take, with the live processor stopped, to get to where the live one stopped. */
    private static final Duration SWITCH_LIMIT = Duration.ofSeconds(60);
    private static final RedisScript<Long> MOVE_KEY = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[2]) else redis.call('DEL', KEYS[2]) end
            return 1""", Long.class);

    public enum State { BUILDING, SWITCHING, DONE, FAILED }

    /**
     * A rebuild and how far it has got: {@code position} is the global index the rebuild has reached, {@code head}
     * the event store's, {@code eventsPerSecond} its average since the replay began.
     */
    public record Progress(UUID id, String projection, State state, String startedBy, Instant startedAt, Instant finishedAt,
                           Long position, long head, Double percent, Double eventsPerSecond, String error) {
    }

    /** The projection classes of a processor and everything they write. */
    record Plan(List<Class<?>> projections, List<String> tables, List<String> redisKeys) {
    }

    private final EventProcessingConfiguration processing;
    private final Configuration axon;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TokenSchema tokenSchema;
    private final DataSourceProperties database;
    private final BeanFactory beans;
    private final RedisConnectionFactory redisConnections;
    private final StringRedisTemplate redis;
    private final SecurityAuditLog audit;
    private final ReadCache readCache;
    private final Clock clock;
    private final ProjectionRebuildProperties properties;
    private final EventSchema eventSchema;
    private final ConnectionProvider connections;
    private final Map<String, Rebuild> running = new ConcurrentHashMap<>();
    private final Map<UUID, Rebuild> ofThisProcess = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionRebuilds(EventProcessingConfiguration processing, Configuration axon, JdbcTemplate jdbc,
                       PlatformTransactionManager transactions, TokenSchema tokenSchema, DataSourceProperties database,
                       BeanFactory beans, RedisConnectionFactory redisConnections, StringRedisTemplate redis, SecurityAuditLog audit,
                       ReadCache readCache, Clock clock, ProjectionRebuildProperties properties, EventSchema eventSchema,
                       ConnectionProvider connections) {
        this.processing = processing;
        this.axon = axon;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.tokenSchema = tokenSchema;
        this.database = database;
        this.beans = beans;
        this.redisConnections = redisConnections;
        this.redis = redis;
        this.audit = audit;
        this.readCache = readCache;
        this.clock = clock;
        this.properties = properties;
        this.eventSchema = eventSchema;
        this.connections = connections;
    }

    /** The projection classes behind a processor, when each of them declares its {@link ReadModel}; else empty. */
    Optional<Plan> plan(EventProcessor processor) {
        if (!(processor instanceof AbstractEventProcessor withHandlers)) {
            return Optional.empty();
        }
        List<Class<?>> handlers = new ArrayList<>();
        if (!collectHandlers(withHandlers.eventHandlerInvoker(), handlers) || handlers.isEmpty()) {
            return Optional.empty(); // e.g. a saga manager: its "tables" are sagas, replaying them would act again
        }
        List<Class<?>> projections = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Class<?> type : handlers) {
            ReadModel model = AnnotationUtils.findAnnotation(type, ReadModel.class);
            if (model == null) {
                return Optional.empty(); // e.g. the Kafka publisher: its effects are outside any table
            }
            projections.add(type);
            tables.addAll(List.of(model.tables()));
            keys.addAll(List.of(model.redisKeys()));
        }
        return Optional.of(new Plan(projections, tables, keys));
    }

    /** The classes of the annotated event handlers behind {@code invoker}; false when it invokes anything else. */
    private static boolean collectHandlers(EventHandlerInvoker invoker, List<Class<?>> handlers) {
        if (invoker instanceof MultiEventHandlerInvoker multi) {
            return multi.delegates().stream().allMatch(delegate -> collectHandlers(delegate, handlers));
        }
        if (!(invoker instanceof SimpleEventHandlerInvoker simple)) {
            return false;
        }
        for (EventMessageHandler handler : simple.eventHandlers()) {
            if (!(handler instanceof AnnotationEventHandlerAdapter annotated)) {
                return false;
            }
            handlers.add(ClassUtils.getUserClass(annotated.getTargetType()));
        }
        return true;
    }

    /** Starts rebuilding the projection of processor {@code name}; answers at once, the work goes on in the background. */
    public synchronized Progress start(String name, UserId admin) {
        EventProcessor found = processing.eventProcessors().get(name);
        if (!(found instanceof StreamingEventProcessor live)) {
            throw ApiException.notFound("projection", name);
        }
        Plan plan = plan(found).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "PROCESSOR_NOT_REPLAYABLE",
                "Processor " + name + " is not a projection that declares its tables (payments, published messages, sagas are never replayed)",
                Map.of("name", name)));
        Rebuild busy = running.get(name);
        if (busy != null) {
            throw inProgress(name, busy.id);
        }
        ShadowTables tables = new ShadowTables(jdbc, transaction, tokenSchema, name, plan.tables());
        List<String> unsupported = tables.unsupported();
        if (!unsupported.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "READ_MODEL_NOT_REBUILDABLE",
                    "The tables of " + name + " cannot be copied beside the live ones", Map.of("name", name, "reasons", unsupported));
        }
        Rebuild rebuild = new Rebuild(UUID.randomUUID(), name, live, plan, tables, admin.value(), clock.instant());
        try {
            jdbc.update("INSERT INTO projection_rebuild (rebuild_id, projection, state, started_by, started_at) VALUES (?, ?, ?, ?, ?)",
                    rebuild.id, name, State.BUILDING.name(), admin.value(), Timestamp.from(rebuild.startedAt));
        } catch (DuplicateKeyException e) {
            throw inProgress(name, null); // another application instance runs one
        }
        running.put(name, rebuild);
        ofThisProcess.put(rebuild.id, rebuild);
        audit.record(SecurityAuditLog.Action.PROJECTION_REBUILD_STARTED, admin.value(), rebuild.id.toString(), "projection " + name);
        threads.execute(rebuild);
        return rebuild.progress();
    }

    private static ApiException inProgress(String name, UUID id) {
        return new ApiException(HttpStatus.CONFLICT, "REBUILD_IN_PROGRESS", "Projection " + name + " is being rebuilt already",
                id == null ? Map.of("name", name) : Map.of("name", name, "rebuildId", id));
    }

    /** The rebuild of projection {@code name} that is running now, if any. */
    public Optional<Progress> running(String name) {
        return Optional.ofNullable(running.get(name)).map(Rebuild::progress);
    }

    /** A rebuild of projection {@code name} by its id: live figures while this process runs it, else its stored row. */
    public Optional<Progress> find(String name, UUID id) {
        Rebuild rebuild = ofThisProcess.get(id);
        if (rebuild != null) {
            return rebuild.name.equals(name) ? Optional.of(rebuild.progress()) : Optional.empty();
        }
        long head = head();
        return jdbc.query("SELECT * FROM projection_rebuild WHERE rebuild_id = ? AND projection = ?", (rs, row) -> {
            long position = rs.getLong("position");
            boolean known = !rs.wasNull();
            Timestamp finished = rs.getTimestamp("finished_at");
            return new Progress(id, name, State.valueOf(rs.getString("state")), rs.getString("started_by"),
                    rs.getTimestamp("started_at").toInstant(), finished == null ? null : finished.toInstant(),
                    known ? position : null, head, known ? percent(position, head) : null, null, rs.getString("error"));
        }, id, name).stream().findFirst();
    }

    /** The event store's head: the global index of the newest event. */
    long head() {
        TrackingToken head = axon.eventStore().createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    private static double percent(long position, long head) {
        return head <= 0 ? 100 : Math.min(100, Math.floor(1000.0 * position / head) / 10);
    }

    /** Rebuilds that were running when the application last stopped: failed, their schemas and keys gone. */
    @EventListener(ApplicationReadyEvent.class)
    void forgetInterruptedRebuilds() {
        for (String name : jdbc.queryForList("SELECT projection FROM projection_rebuild WHERE state IN ('BUILDING', 'SWITCHING')", String.class)) {
            new ShadowTables(jdbc, transaction, tokenSchema, name, List.of()).drop();
            EventProcessor processor = processing.eventProcessors().get(name);
            Optional.ofNullable(processor).flatMap(this::plan)
                    .ifPresent(plan -> plan.redisKeys().forEach(key -> deleteQuietly(ShadowProjection.rebuildKey(name, key))));
        }
        jdbc.update("UPDATE projection_rebuild SET state = 'FAILED', finished_at = ?, error = ? WHERE state IN ('BUILDING', 'SWITCHING')",
                Timestamp.from(clock.instant()), "interrupted: the application stopped during the rebuild");
    }

    @PreDestroy
    void stopRebuilds() {
        threads.shutdownNow();
        running.values().forEach(Rebuild::closeShadow);
    }

    private void deleteQuietly(String key) {
        try {
            redis.delete(key);
        } catch (DataAccessException e) {
            log.warn("Redis unreachable: rebuild key {} left behind ({})", key, e.getMessage());
        }
    }

    /** One rebuild, run on its own thread; its fields are what the status shows. */
    private final class Rebuild implements Runnable {
        final UUID id;
        final String name;
        final StreamingEventProcessor live;
        final Plan plan;
        final ShadowTables tables;
        final String startedBy;
        final Instant startedAt;
        volatile State state = State.BUILDING;
        volatile ShadowProjection shadow;
        /** Where the bulk phase has got to, until the shadow's processor runs; -1 before its first batch. */
        volatile long bulkPosition = -1;
        volatile long replayStartedNanos;
        volatile Long finalPosition;
        volatile Double finalRate;
        volatile Instant finishedAt;
        volatile String error;

        Rebuild(UUID id, String name, StreamingEventProcessor live, Plan plan, ShadowTables tables, String startedBy, Instant startedAt) {
            this.id = id;
            this.name = name;
            this.live = live;
            this.plan = plan;
            this.tables = tables;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
        }

        @Override
        public void run() {
            try {
                // The replay's time, and so its rate, counts every phase from here to the switch.
                replayStartedNanos = System.nanoTime();
                long bulkHead = head();
                tables.create();
                int segments = Math.max(1, jdbc.queryForObject("SELECT count(*) FROM %s WHERE %s = ?".formatted(
                        tokenSchema.tokenTable(), tokenSchema.processorNameColumn()), Integer.class, name));
                shadow = new ShadowProjection(name, plan.projections(), tables.schema(), segments, properties.batchSize(), beans,
                        database, axon, tokenSchema, redisConnections);
                List<String> indexes = tables.dropSecondaryIndexes();
                TrackingToken reached = new BulkCatchUp(eventSchema, axon, connections, properties.bulkBatchSize())
                        .replay(shadow, bulkHead, position -> bulkPosition = position);
                log.info("Rebuild {} of {}: bulk phase reached {} of head {} in {} ms", id, name, bulkPosition, bulkHead,
                        (System.nanoTime() - replayStartedNanos) / 1_000_000);
                tables.createIndexes(indexes);
                log.info("Rebuild {} of {}: {} secondary indexes created after {} ms", id, name, indexes.size(),
                        (System.nanoTime() - replayStartedNanos) / 1_000_000);
                shadow.startFrom(reached);
                await(shadow::caughtUp, null);
                log.info("Rebuild {} of {}: caught up at {} after {} ms", id, name, shadow.position(), (System.nanoTime() - replayStartedNanos) / 1_000_000);
                switchIn();
                finish(State.DONE, null);
            } catch (Exception e) {
                log.warn("Rebuild {} of {} failed; the live read model is unchanged", id, name, e);
                closeShadow();
                cleanUp();
                finish(State.FAILED, e instanceof InterruptedException ? "interrupted: the application is stopping" : String.valueOf(e.getMessage()));
            } finally {
                running.remove(name);
            }
        }

        private void switchIn() throws InterruptedException {
            state = State.SWITCHING;
            jdbc.update("UPDATE projection_rebuild SET state = ? WHERE rebuild_id = ?", state.name(), id);
            live.shutDown();
            try {
                long liveAt = storedPosition(name);
                await(() -> shadow.position().orElse(-1) >= liveAt, SWITCH_LIMIT);
                finalPosition = shadow.position().orElse(liveAt);
                finalRate = rate(finalPosition);
                shadow.stop();
                tables.switchIn(name);
                plan.redisKeys().forEach(this::moveKeyIntoPlace);
                // Answers cached from the retired tables must not outlive them: a rebuild is often run to correct them.
                for (ReadCache.Region region : ReadCache.Region.values()) {
                    readCache.changed(region, null);
                }
            } finally {
                live.start();
            }
            closeShadow();
            tables.drop();
        }

        /** Waits until {@code done}, failing at the rebuild's first handler error, or after {@code limit} when one is given. */
        private void await(BooleanSupplier done, Duration limit) throws InterruptedException {
            long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
            while (!done.getAsBoolean()) {
                Throwable failure = shadow.error();
                if (failure != null) {
                    throw new IllegalStateException("an event handler failed: " + failure, failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the rebuild did not reach the live processor's position within " + limit);
                }
                Thread.sleep(POLL.toMillis());
            }
        }

        private void moveKeyIntoPlace(String key) {
            try {
                redis.execute(MOVE_KEY, List.of(ShadowProjection.rebuildKey(name, key), key));
            } catch (DataAccessException e) {
                log.warn("Redis unreachable: key {} keeps its content from before the rebuild ({})", key, e.getMessage());
            }
        }

        void closeShadow() {
            ShadowProjection current = shadow;
            if (current != null) {
                current.close();
            }
        }

        private void cleanUp() {
            try {
                tables.drop();
                plan.redisKeys().forEach(key -> deleteQuietly(ShadowProjection.rebuildKey(name, key)));
            } catch (DataAccessException e) {
                log.warn("Rebuild {} of {}: schema {} left behind, dropped at the next start ({})", id, name, tables.schema(), e.getMessage());
            }
        }

        private void finish(State end, String failure) {
            error = failure;
            finishedAt = clock.instant();
            state = end;
            jdbc.update("UPDATE projection_rebuild SET state = ?, finished_at = ?, position = ?, error = ? WHERE rebuild_id = ?",
                    end.name(), Timestamp.from(finishedAt), finalPosition, failure, id);
        }

        private Double rate(long position) {
            double seconds = (System.nanoTime() - replayStartedNanos) / 1e9;
            return replayStartedNanos == 0 || seconds <= 0 ? null : Math.round(position / seconds * 10) / 10.0;
        }

        Progress progress() {
            long head = head();
            Long position = finalPosition;
            Double rate = finalRate;
            ShadowProjection current = shadow;
            if (position == null && current != null) {
                OptionalLong reached = current.position();
                position = reached.isPresent() ? Long.valueOf(reached.getAsLong()) : bulkPosition >= 0 ? Long.valueOf(bulkPosition) : null;
                rate = position == null ? null : rate(position);
            }
            Double percent = state == State.DONE ? Double.valueOf(100) : position == null ? null : percent(position, head);
            return new Progress(id, name, state, startedBy, startedAt, finishedAt, position, head, percent, rate, error);
        }
    }

    /** Where the processor's stored tokens stand: the furthest global index any of its segments has reached. */
    private long storedPosition(String processor) {
        return jdbc.query("SELECT %s, %s FROM %s WHERE %s = ?".formatted(tokenSchema.tokenColumn(), tokenSchema.tokenTypeColumn(),
                        tokenSchema.tokenTable(), tokenSchema.processorNameColumn()),
                (rs, row) -> {
                    byte[] token = rs.getBytes(1);
                    if (token == null) {
                        return 0L;
                    }
                    TrackingToken deserialized = axon.serializer().deserialize(
                            new SimpleSerializedObject<>(token, byte[].class, rs.getString(2), null));
                    return deserialized == null ? 0L : deserialized.position().orElse(0);
                }, processor).stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
