package com.agentbounty.sandbox.jobs;

import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.sandbox.SandboxWorkerApplication;
import com.agentbounty.sandbox.review.ProviderStub;
import com.agentbounty.sandbox.verification.JobFixtures;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.agentbounty.sandbox.jobs.TopicReader.RESULT_TIMEOUT;
import static com.agentbounty.sandbox.jobs.TopicReader.about;
import static com.agentbounty.sandbox.jobs.TopicReader.header;
import static com.agentbounty.sandbox.jobs.TopicReader.result;
import static com.agentbounty.sandbox.jobs.TopicReader.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone worker (started through its own main) on the real in-process Kafka broker and Redis: jobs in on
 * {@code execution-queue}, results out on {@code results-queue}, failures to {@code dead-letter-queue}.
 */
@SpringBootTest(classes = {SandboxWorkerApplication.class, VerificationJobsOnKafkaTest.ArtifactStoreForTests.class}, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"spring.main.web-application-type=none"})
class VerificationJobsOnKafkaTest {


    /** Replaces the object-storage fetcher so the tests can see when each artifact was asked for. */
    @TestConfiguration
    static class ArtifactStoreForTests {
        @Bean
        @Primary
        InMemoryArtifactStore artifactStore() {
            return new InMemoryArtifactStore();
        }
    }

    /** A provider configured while reviews are off: it must never hear from the worker. */
    private static final ProviderStub CONFIGURED_PROVIDER = new ProviderStub();

    @DynamicPropertySource
    static void reviewProviderWhileReviewsAreOff(DynamicPropertyRegistry registry) {
        registry.add("agentbounty.review.providers[0].name", () -> "configured");
        registry.add("agentbounty.review.providers[0].base-url", () -> CONFIGURED_PROVIDER.baseUrl().toString());
        registry.add("agentbounty.review.providers[0].model", () -> "any");
    }

    @Autowired
    InMemoryArtifactStore store;
    @Autowired
    MessageListenerContainer jobContainer;
    @Autowired
    MeterRegistry meters;
    @Autowired
    SandboxWorkerProperties properties;

    private static KafkaProducer<String, String> producer;
    private static TopicReader results;
    private static TopicReader deadLetters;

    private static String bootstrapServers;

    @BeforeAll
    static void connect(@Autowired Environment environment, @Autowired SandboxWorkerProperties properties) {
        String bootstrap = environment.getRequiredProperty("spring.kafka.bootstrap-servers");
        bootstrapServers = bootstrap;
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        results = new TopicReader(bootstrap, properties.topics().results());
        deadLetters = new TopicReader(bootstrap, properties.topics().deadLetters());
    }

    @AfterAll
    static void disconnect() {
        CONFIGURED_PROVIDER.close();
        producer.close(Duration.ofSeconds(2));
        results.close();
        deadLetters.close();
    }

    @Test
    void aJobGoesInAndItsResultComesOutKeyedBySubmission() throws Exception {
        VerificationJob job = job(JobFixtures.ADD, JobFixtures.ADD_TESTS);
        send(job, null);

        ConsumerRecord<String, String> record = single(results.resultsOf(job, 1));
        VerificationResult result = result(record);
        assertThat(record.key()).isEqualTo(job.submissionId());
        assertThat(result.jobId()).isEqualTo(job.jobId());
        assertThat(result.bountyId()).isEqualTo(job.bountyId());
        assertThat(result.status()).isEqualTo(VerificationStatus.PASSED);
        assertThat(result.passed()).isEqualTo(2);
        assertThat(result.total()).isEqualTo(2);
        assertThat(result.score()).isEqualTo(100);
    }

    @Test
    void aFailingTestIsAResultNotARetry() throws Exception {
        double retriesBefore = count("sandbox.jobs.retries");
        VerificationJob job = job("function add(a, b) { return a - b; }", JobFixtures.ADD_TESTS);
        send(job, null);

        VerificationResult result = result(single(results.resultsOf(job, 1)));
        assertThat(result.status()).isEqualTo(VerificationStatus.FAILED);
        assertThat(result.tests()).anySatisfy(test -> assertThat(test.message()).contains("expected 5 but got -1"));
        assertThat(result.score()).isEqualTo(50);
        assertThat(count("sandbox.jobs.retries")).isEqualTo(retriesBefore);
        assertThat(deadLetters.settle(about(job), Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aRedeliveredJobRunsOnceAndYieldsTheSameResult() throws Exception {
        String key = "code/" + UUID.randomUUID();
        Artifact.Stored code = store.put(key, JobFixtures.ADD);
        VerificationJob job = new VerificationJob(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                JobFixtures.BOUNTY, RuntimeKind.QUICKJS, code, Artifact.text(JobFixtures.ADD_TESTS), JobFixtures.ROOMY);
        send(job, null);
        results.resultsOf(job, 1);
        send(job, null);

        List<ConsumerRecord<String, String>> both = results.resultsOf(job, 2);
        assertThat(both).hasSize(2);
        assertThat(both.get(1).value()).isEqualTo(both.get(0).value());
        assertThat(store.fetchesOf(key)).as("the job's code was fetched by one run only").hasSize(1);
        assertThat(result(both.get(0)).status()).isEqualTo(VerificationStatus.PASSED);
    }

    @Test
    void aMalformedMessageIsDeadLetteredAtOnceAndTheNextJobOnItsPartitionStillRuns() throws Exception {
        int partition = 0;
        String poisonKey = "poison-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(properties.topics().jobs(), partition, poisonKey, "{\"jobId\": not json")).get(10, TimeUnit.SECONDS);
        VerificationJob next = job(JobFixtures.ADD, JobFixtures.ADD_TESTS);
        send(next, partition);

        assertThat(result(single(results.resultsOf(next, 1))).status()).isEqualTo(VerificationStatus.PASSED);
        ConsumerRecord<String, String> dead = single(deadLetters.await(record -> poisonKey.equals(record.key()), 1, RESULT_TIMEOUT));
        assertThat(dead.value()).isEqualTo("{\"jobId\": not json");
        assertThat(header(dead, DeadLetters.KIND)).isEqualTo(DeadLetters.POISON);
        assertThat(header(dead, DeadLetters.ATTEMPTS)).isEqualTo("1");
        assertThat(header(dead, DeadLetters.REASON)).contains("not a VerificationJob");
    }

    @Test
    void aJobWhoseArtifactCannotBeFetchedIsRetriedAfter1248SecondsThenDeadLettered() throws Exception {
        everyPartitionHasItsConsumer();
        String key = "lost/" + UUID.randomUUID();
        VerificationJob job = jobWithLostCode(key);
        double deadLettersBefore = count("sandbox.jobs.dead.letters");
        send(job, null);

        ConsumerRecord<String, String> dead = single(deadLetters.await(about(job), 1, RESULT_TIMEOUT));
        assertThat(header(dead, DeadLetters.KIND)).isEqualTo(DeadLetters.RETRIES_EXHAUSTED);
        assertThat(header(dead, DeadLetters.ATTEMPTS)).isEqualTo("5");
        assertThat(header(dead, DeadLetters.REASON)).contains("cannot fetch artifact " + key).contains("no artifact");
        assertThat(read(dead.value())).isEqualTo(job);

        List<Long> attempts = store.fetchesOf(key);
        assertThat(attempts).hasSize(5);
        List<Long> gapsMs = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            gapsMs.add((attempts.get(i) - attempts.get(i - 1)) / 1_000_000);
        }
        long[] expected = {1_000, 2_000, 4_000, 8_000};
        for (int i = 0; i < expected.length; i++) {
            // Loose: never early, at most a couple of seconds late on a busy machine.
            assertThat(gapsMs.get(i)).as("gap before attempt %d in %s", i + 2, gapsMs)
                    .isBetween(expected[i] - 100, expected[i] + 2_500);
        }
        assertThat(results.resultsOf(job, 0)).as("no result for a job that never ran").isEmpty();
        assertThat(awaitCount("sandbox.jobs.dead.letters", deadLettersBefore + 1))
                .as("one dead letter counted").isEqualTo(deadLettersBefore + 1);
    }

    @Test
    void aJobIsDeadLetteredAfterExactlyFiveAttemptsEvenWhenTheWorkerRestartsBetweenThem() throws Exception {
        everyPartitionHasItsConsumer();
        String key = "lost/" + UUID.randomUUID();
        VerificationJob job = jobWithLostCode(key);
        send(job, null);
        awaitFetches(key, 2);

        // A restart: the consumers leave the group and come back with nothing in memory.
        jobContainer.stop();
        assertThat(store.fetchesOf(key)).hasSize(2);
        jobContainer.start();

        ConsumerRecord<String, String> dead = single(deadLetters.await(about(job), 1, RESULT_TIMEOUT));
        assertThat(header(dead, DeadLetters.ATTEMPTS)).isEqualTo("5");
        assertThat(header(dead, DeadLetters.KIND)).isEqualTo(DeadLetters.RETRIES_EXHAUSTED);
        assertThat(deadLetters.settle(about(job), Duration.ofSeconds(2))).hasSize(1);
        assertThat(store.fetchesOf(key)).as("attempts before and after the restart").hasSize(5);
    }

    @Test
    void withReviewsOffNoReviewProviderIsEverCalled() throws Exception {
        VerificationJob job = job(JobFixtures.ADD, JobFixtures.ADD_TESTS);
        send(job, null);

        ConsumerRecord<String, String> record = single(results.resultsOf(job, 1));
        assertThat(result(record).review()).isNull();
        assertThat(record.value()).doesNotContain("review");
        assertThat(CONFIGURED_PROVIDER.calls()).isEmpty();
    }

    private void awaitFetches(String key, int count) throws InterruptedException {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (store.fetchesOf(key).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.fetchesOf(key)).hasSizeGreaterThanOrEqualTo(count);
    }

    /** A job whose code the artifact store does not have: an infrastructure failure at every delivery. */
    private static VerificationJob jobWithLostCode(String key) {
        return new VerificationJob(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                JobFixtures.BOUNTY, RuntimeKind.QUICKJS, InMemoryArtifactStore.missing(key),
                Artifact.text(JobFixtures.ADD_TESTS), JobFixtures.ROOMY);
    }

    private static VerificationJob job(String code, String tests) {
        return new VerificationJob(UUID.randomUUID().toString(), UUID.randomUUID().toString(), JobFixtures.BOUNTY,
                RuntimeKind.QUICKJS, Artifact.text(code), Artifact.text(tests), JobFixtures.ROOMY);
    }

    /**
     * A rebalance while the worker's consumers are still joining delays a retry by the time the group takes to settle,
     * which would blur the measured schedule (the count itself survives it). So: wait until every consumer thread of
     * the worker has joined the group, then until one job per partition has been answered.
     */
    private void everyPartitionHasItsConsumer() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.AdminClient.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(List.of(properties.worker().groupId())).all().get(10, TimeUnit.SECONDS)
                        .get(properties.worker().groupId());
                if (group.state() == org.apache.kafka.common.ConsumerGroupState.STABLE
                        && group.members().size() >= properties.worker().concurrency()) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        List<VerificationJob> probes = new ArrayList<>();
        for (int partition = 0; partition < properties.topics().jobPartitions(); partition++) {
            VerificationJob probe = job(JobFixtures.ADD, JobFixtures.ADD_TESTS);
            send(probe, partition);
            probes.add(probe);
        }
        for (VerificationJob probe : probes) {
            single(results.resultsOf(probe, 1));
        }
    }

    private void send(VerificationJob job, Integer partition) throws Exception {
        String json = VerificationJobListener.CONTRACT_JSON.writeValueAsString(job);
        producer.send(new ProducerRecord<>(properties.topics().jobs(), partition, job.jobId(), json)).get(10, TimeUnit.SECONDS);
    }

    private static VerificationJob read(String json) throws Exception {
        return VerificationJobListener.CONTRACT_JSON.readValue(json, VerificationJob.class);
    }

    /**
     * The counter once it reaches {@code target}, or its value at the deadline. The worker counts a dead letter after
     * the broker has acknowledged it, so a consumer of the topic can see the record a moment before the count moves.
     */
    private double awaitCount(String counter, double target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (count(counter) < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return count(counter);
    }

    private double count(String counter) {
        return meters.find(counter).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
