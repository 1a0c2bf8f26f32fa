package com.agentbounty.gateway.admin;

import com.agentbounty.query.cache.ReadCache;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A second, temporary instance of a projection, replaying the whole event stream into the rebuild's schema with a
 * tracking processor of its own. Each projection class is instantiated again by Spring's constructor autowiring, with
 * these beans in place of the application's:
 * <ul>
 * <li>{@link DataSource}, {@link JdbcTemplate}, {@link NamedParameterJdbcTemplate}, {@link PlatformTransactionManager}:
 *     a small pool of its own whose connections have {@code search_path = rebuild_<processor>}, so the projection's
 *     unqualified SQL writes the copies (and fails on any table it did not declare);</li>
 * <li>{@link QueryUpdateEmitter}: an emitter no subscription query is registered with, so no live subscriber gets
 *     updates of history;</li>
 * <li>{@link StringRedisTemplate}: every key prefixed with {@code rebuild:<processor>:};</li>
 * <li>{@link ReadCache}: one that caches nothing, so the replay does not retire live answers at every event.</li>
 * </ul>
 * It replays in two phases: {@link #handle} takes the bulk of the history in large batches ({@link BulkCatchUp}), then
 * {@link #startFrom} starts the tracking processor where that phase stopped.
 * Its tokens live in the rebuild schema's own token table, committed with its writes in one transaction per batch.
 * Handler errors stop it (no event is skipped): a rebuild that cannot replay every event fails instead of being
 * switched in incomplete.
 */
final class ShadowProjection implements AutoCloseable {

    private final HikariDataSource pool;
    private final TrackingEventProcessor processor;
    private final StringRedisTemplate redis;
    private final SimpleEventHandlerInvoker invoker;
    private final SpringTransactionManager transactionManager;
    private final JdbcTokenStore tokenStore;
    private final String name;
    private final int segments;
    private final Map<Class<?>, Boolean> handledTypes = new ConcurrentHashMap<>();

    ShadowProjection(String liveProcessor, List<Class<?>> projections, String schema, int segments, int batchSize,
                     BeanFactory application, DataSourceProperties database, Configuration axon,
                     TokenSchema tokenSchema, RedisConnectionFactory redisConnections) {
        pool = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("rebuild-" + liveProcessor);
        pool.setSchema(schema);
        pool.setMaximumPoolSize(segments + 1);
        redis = prefixed(redisConnections, rebuildKey(liveProcessor, ""));
        try {
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(pool);
            DefaultListableBeanFactory beans = new DefaultListableBeanFactory(application);
            replace(beans, DataSource.class, () -> pool);
            replace(beans, JdbcTemplate.class, () -> new JdbcTemplate(pool));
            replace(beans, NamedParameterJdbcTemplate.class, () -> new NamedParameterJdbcTemplate(pool));
            replace(beans, PlatformTransactionManager.class, () -> transactions);
            replace(beans, QueryUpdateEmitter.class, () -> SimpleQueryUpdateEmitter.builder().build());
            replace(beans, StringRedisTemplate.class, () -> redis);
            // Replaying history must not retire the live cached answers at every event; the switch retires them once.
            replace(beans, ReadCache.class, ReadCache::disabled);
            List<Object> instances = projections.stream()
                    .map(type -> beans.createBean(type, AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR, false))
                    .toList();
            name = liveProcessor + "@rebuild";
            this.segments = segments;
            invoker = SimpleEventHandlerInvoker.builder()
                    .eventHandlers(instances)
                    .parameterResolverFactory(axon.parameterResolverFactory())
                    .handlerDefinition(axon.handlerDefinition(projections.get(0)))
                    .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                    .build();
            transactionManager = new SpringTransactionManager(transactions);
            tokenStore = JdbcTokenStore.builder()
                    .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(pool)))
                    .schema(tokenSchema)
                    .serializer(axon.serializer())
                    .build();
            processor = TrackingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(invoker)
                    .messageSource(axon.eventStore())
                    .tokenStore(tokenStore)
                    .transactionManager(transactionManager)
                    .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                            .andInitialSegmentsCount(segments)
                            .andBatchSize(batchSize)
                            .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS)
                            .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                    .build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static <T> void replace(DefaultListableBeanFactory beans, Class<T> type, Supplier<T> instance) {
        // Primary in this factory wins over the application's bean of the same type (its parent).
        beans.registerBeanDefinition("rebuild." + type.getSimpleName(),
                BeanDefinitionBuilder.genericBeanDefinition(type, instance).setPrimary(true).getBeanDefinition());
    }

    private static StringRedisTemplate prefixed(RedisConnectionFactory connections, String prefix) {
        StringRedisTemplate template = new StringRedisTemplate(connections);
        template.setKeySerializer(new RedisSerializer<String>() {
            @Override
            public byte[] serialize(String key) {
                return key == null ? null : (prefix + key).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String deserialize(byte[] bytes) {
                return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8).substring(prefix.length());
            }
        });
        template.afterPropertiesSet();
        return template;
    }

    /**
     * Whether a handler of the projection takes payloads of {@code type}, asked once per type (asking per message was a
     * tenth of a rebuild's decoding). The handlers still decide for each message, as in any processor.
     */
    boolean handlesType(Class<?> type) {
        return handledTypes.computeIfAbsent(type, invoker::canHandleType);
    }

    /**
     * Handles {@code events} in one transaction without storing a token: the bulk phase of a rebuild
     * ({@link BulkCatchUp}). The handlers are invoked in a loop in the batch's Spring transaction, without Axon's unit
     * of work: a {@code BatchingUnitOfWork} keeps a processing context per message and notifies its phase handlers for
     * each, a seventh of the bulk phase's writing thread. The projections keep their pending writes in the Spring
     * transaction (flushed at its commit), which is what they need; one that asked for Axon's current unit of work
     * would fail the rebuild, not skip an event. Any handler error rolls the batch back and fails the rebuild.
     */
    void handle(List<? extends EventMessage<?>> events) throws Exception {
        Transaction transaction = transactionManager.startTransaction();
        try {
            for (EventMessage<?> event : events) {
                invoker.handle(event, Segment.ROOT_SEGMENT);
            }
        } catch (Throwable failure) {
            transaction.rollback();
            throw failure;
        }
        transaction.commit();
    }

    /**
     * Starts the processor from {@code token} (every segment), or from the start of the stream when it is null: it
     * handles what the bulk phase did not reach, and goes on with new events until it is stopped.
     */
    void startFrom(TrackingToken token) {
        if (token != null) {
            transactionManager.executeInTransaction(() -> tokenStore.initializeTokenSegments(name, segments, token));
        }
        processor.start();
    }

    /** Stops after the batch in hand is committed; its tokens then say exactly what the rebuild's tables hold. */
    void stop() {
        processor.shutDown();
    }

    /**
     * The global index every segment has reached (0 for one that found the stream empty); empty before every segment
     * has started.
     */
    OptionalLong position() {
        Collection<EventTrackerStatus> statuses = processor.processingStatus().values();
        long[] positions = statuses.stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(status.isCaughtUp() ? 0 : -1))
                .toArray();
        return positions.length == 0 || Arrays.stream(positions).anyMatch(position -> position < 0)
                ? OptionalLong.empty() : OptionalLong.of(Arrays.stream(positions).min().getAsLong());
    }

    boolean caughtUp() {
        Collection<EventTrackerStatus> statuses = processor.processingStatus().values();
        return !statuses.isEmpty() && statuses.stream().allMatch(EventTrackerStatus::isCaughtUp);
    }

    /** The first handler error, which stopped the replay; null while it runs well. */
    Throwable error() {
        return processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getError).filter(error -> error != null).findFirst().orElse(null);
    }

    /** The Redis key a rebuild of {@code processor} writes in place of {@code key}. */
    static String rebuildKey(String processor, String key) {
        return "rebuild:" + processor + ":" + key;
    }

    @Override
    public void close() {
        processor.shutDown();
        pool.close();
    }
}
