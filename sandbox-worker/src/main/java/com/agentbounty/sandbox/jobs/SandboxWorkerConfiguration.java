package com.agentbounty.sandbox.jobs;

import com.agentbounty.sandbox.quickjs.QuickJsRuntime;
import com.agentbounty.infrastructure.storage.ObjectStorage;
import com.agentbounty.sandbox.review.ResultReviews;
import com.agentbounty.sandbox.verification.ArtifactFetcher;
import com.agentbounty.sandbox.verification.SandboxRuntime;
import com.agentbounty.sandbox.verification.SandboxUnavailableException;
import com.agentbounty.sandbox.verification.VerificationService;
import com.agentbounty.sandbox.verification.WorkerSettings;
import com.agentbounty.sandbox.wasm.WasmtimeRuntime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.util.List;
import java.util.Map;

/**
 * The verification worker: takes {@code VerificationJob}s from Kafka, runs them in the sandbox and publishes the
 * results. Active wherever this module is on the class path (the standalone worker, and the gateway in one-process
 * mode) unless {@code agentbounty.sandbox.worker.enabled=false}, which a gateway that leaves verification to
 * separate worker processes sets.
 * <p>
 * The Kafka clients are built here from Spring Boot's {@code spring.kafka.*} settings but are not beans, so that
 * Boot's own {@code KafkaTemplate} and consumer factory stay as they are for the rest of the application.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "agentbounty.sandbox.worker.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SandboxWorkerProperties.class)
public class SandboxWorkerConfiguration {

    /** Time a delivery may take between polls: the longest wall clock a job may ask for, plus room for the rest. */
    static final int MAX_POLL_INTERVAL_MS = 360_000;

    @Bean
    QuickJsRuntime quickJsRuntime() {
        return new QuickJsRuntime();
    }

    /** Native code through JNI: built only when the flag is on, and the start fails if the library cannot load. */
    @Bean
    @ConditionalOnProperty(name = WorkerSettings.WASMTIME_FLAG, havingValue = "true")
    WasmtimeRuntime wasmtimeRuntime() {
        return new WasmtimeRuntime();
    }

    /** Submitted code from the artifact store; a missing object is an infrastructure failure: retried, then dead-lettered. */
    @Bean
    ArtifactFetcher artifactFetcher(ObjectStorage storage) {
        return artifact -> storage.get(artifact.key())
                .map(ObjectStorage.StoredObject::content)
                .orElseThrow(() -> new SandboxUnavailableException("artifact " + artifact.key() + " is not in the artifact store"));
    }

    @Bean
    VerificationService verificationService(List<SandboxRuntime> runtimes, ArtifactFetcher fetcher, Environment environment) {
        var settings = new WorkerSettings(environment.getProperty(WorkerSettings.WASMTIME_FLAG, Boolean.class, false));
        return new VerificationService(runtimes, settings, fetcher);
    }

    @Bean
    WorkerMetrics sandboxWorkerMetrics(MeterRegistry registry, QuickJsRuntime quickJs) {
        Gauge.builder("sandbox.guests.stuck", quickJs, QuickJsRuntime::stuckGuests)
                .description("QuickJS guest threads that did not stop after their interruption (should stay 0)")
                .register(registry);
        return new WorkerMetrics(registry);
    }

    @Bean
    ResultStore sandboxResultStore(StringRedisTemplate redis, SandboxWorkerProperties properties) {
        return new ResultStore(redis, properties.resultTtl());
    }

    @Bean
    DeliveryAttempts sandboxDeliveryAttempts(StringRedisTemplate redis) {
        return new DeliveryAttempts(redis);
    }

    @Bean
    SandboxKafkaClients sandboxKafkaClients(KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles,
                                            SandboxWorkerProperties properties, MeterRegistry registry) {
        return new SandboxKafkaClients(kafka, sslBundles.getIfAvailable(), properties, registry);
    }

    @Bean
    VerificationJobListener verificationJobListener(VerificationService verification, ResultStore results,
                                                    SandboxKafkaClients clients, SandboxWorkerProperties properties,
                                                    WorkerMetrics metrics, ResultReviews reviews, DeliveryAttempts attempts) {
        return new VerificationJobListener(verification, results, clients.template(), properties.topics().results(), metrics,
                reviews, attempts);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, String> verificationJobContainer(
            SandboxKafkaClients clients, VerificationJobListener listener, SandboxWorkerProperties properties,
            WorkerMetrics metrics, DeliveryAttempts attempts) {
        var containerProperties = new ContainerProperties(properties.topics().jobs());
        containerProperties.setGroupId(properties.worker().groupId());
        containerProperties.setAckMode(ContainerProperties.AckMode.RECORD);
        containerProperties.setDeliveryAttemptHeader(true);
        containerProperties.setMessageListener(listener);
        var container = new ConcurrentMessageListenerContainer<>(clients.consumerFactory(), containerProperties);
        container.setConcurrency(properties.worker().concurrency());
        container.setCommonErrorHandler(errorHandler(clients, properties, metrics, attempts));
        container.setBeanName("sandbox-jobs");
        // Started by QuickJsWarmUp once the engine is warm.
        container.setAutoStartup(false);
        return container;
    }

    @Bean
    QuickJsWarmUp quickJsWarmUp(QuickJsRuntime quickJs, ConcurrentMessageListenerContainer<String, String> verificationJobContainer,
                                WorkerMetrics metrics) {
        return new QuickJsWarmUp(quickJs, verificationJobContainer, metrics);
    }

    /**
     * Infrastructure failures are redelivered after 1, 2, 4 and 8 s (by default) on the same partition, then
     * dead-lettered, counting failed deliveries in Redis so that the count survives rebalances and restarts; while
     * Redis itself is unreachable a job waits instead ({@link RetrySchedule}). A poison message is dead-lettered on its
     * first delivery (ADR 0006, 0015).
     */
    private static DefaultErrorHandler errorHandler(SandboxKafkaClients clients, SandboxWorkerProperties properties,
                                                    WorkerMetrics metrics, DeliveryAttempts attempts) {
        var retry = properties.retry();
        // The back-off pauses the failed job's partition instead of sleeping the consumer thread, so the thread's
        // other partitions go on while one job waits for its retry.
        var handler = new DefaultErrorHandler(new DeadLetters(clients.template(), properties.topics().deadLetters(), metrics, attempts),
                // Never asked (the function below answers for every record), but a back-off that stops at once
                // would make the handler skip retries altogether.
                new FixedBackOff(retry.initialInterval().toMillis(), retry.maxAttempts() - 1L),
                new ContainerPausingBackOffHandler(new ListenerContainerPauseService(null, clients.scheduler())));
        handler.setBackOffFunction((record, failure) -> new RetrySchedule(record, attempts, retry,
                () -> metrics.retry(failure.getCause() != null ? failure.getCause() : failure)));
        handler.addNotRetryableExceptions(PoisonJobException.class);
        return handler;
    }

    @Bean
    NewTopic verificationJobsTopic(SandboxWorkerProperties properties) {
        return TopicBuilder.name(properties.topics().jobs()).partitions(properties.topics().jobPartitions()).build();
    }

    @Bean
    NewTopic verificationResultsTopic(SandboxWorkerProperties properties) {
        return TopicBuilder.name(properties.topics().results()).partitions(properties.topics().jobPartitions()).build();
    }

    @Bean
    NewTopic verificationDeadLetterTopic(SandboxWorkerProperties properties) {
        return TopicBuilder.name(properties.topics().deadLetters()).partitions(1).build();
    }

    /** The worker's own producer and consumer settings over Boot's connection settings. */
    static final class SandboxKafkaClients implements DisposableBean {

        private final DefaultKafkaProducerFactory<String, String> producerFactory;
        private final DefaultKafkaConsumerFactory<String, String> consumerFactory;
        private final KafkaTemplate<String, String> template;
        private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

        SandboxKafkaClients(KafkaProperties kafka, SslBundles sslBundles, SandboxWorkerProperties properties,
                            MeterRegistry registry) {
            Map<String, Object> producer = kafka.buildProducerProperties(sslBundles);
            producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producer.put(ProducerConfig.ACKS_CONFIG, "all");
            producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer.put(ProducerConfig.CLIENT_ID_CONFIG, "sandbox-worker");
            this.producerFactory = new DefaultKafkaProducerFactory<>(producer);
            producerFactory.addListener(new MicrometerProducerListener<>(registry));

            Map<String, Object> consumer = kafka.buildConsumerProperties(sslBundles);
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.worker().groupId());
            consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            // Jobs queued before a worker's first start are still jobs.
            consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // One job per poll: a job may run for minutes, and fetched records wait in the client's buffer anyway.
            consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            consumer.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, MAX_POLL_INTERVAL_MS);
            this.consumerFactory = new DefaultKafkaConsumerFactory<>(consumer);
            // Client metrics, among them kafka.consumer.fetch.manager.records.lag.max: the queue lag.
            consumerFactory.addListener(new MicrometerConsumerListener<>(registry));

            this.template = new KafkaTemplate<>(producerFactory);
            // Resumes partitions paused for a retry's back-off; not a bean, so the application's scheduler stays Boot's.
            scheduler.setThreadNamePrefix("sandbox-retry-");
            scheduler.setDaemon(true);
            scheduler.initialize();
        }

        ThreadPoolTaskScheduler scheduler() {
            return scheduler;
        }

        KafkaTemplate<String, String> template() {
            return template;
        }

        DefaultKafkaConsumerFactory<String, String> consumerFactory() {
            return consumerFactory;
        }

        @Override
        public void destroy() {
            scheduler.shutdown();
            producerFactory.destroy();
        }
    }
}
