package com.agentbounty.sandbox.jobs;

import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.CodeReview;
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
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.agentbounty.sandbox.jobs.TopicReader.RESULT_TIMEOUT;
import static com.agentbounty.sandbox.jobs.TopicReader.about;
import static com.agentbounty.sandbox.jobs.TopicReader.result;
import static com.agentbounty.sandbox.jobs.TopicReader.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone worker when what it depends on fails: its Redis (a server of this test's own, stopped and started
 * again) and its AI review providers (local OpenAI-compatible stubs), on the real in-process Kafka broker. Own topics
 * and consumer group, so it never takes jobs of the other worker tests in this JVM.
 */
@SpringBootTest(classes = SandboxWorkerApplication.class, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"spring.main.web-application-type=none",
                "agentbounty.sandbox.topics.jobs=deps-execution-queue",
                "agentbounty.sandbox.topics.results=deps-results-queue",
                "agentbounty.sandbox.topics.dead-letters=deps-dead-letter-queue",
                "agentbounty.sandbox.worker.group-id=deps-sandbox-worker",
                "agentbounty.sandbox.retry.initial-interval=100ms",
                "spring.data.redis.timeout=300ms",
                "agentbounty.review.enabled=true"})
class WorkerDependenciesOnKafkaTest {

    private static final int REDIS_PORT = freePort();
    private static final RedisServer REDIS = redis();
    private static final ProviderStub PRIMARY = new ProviderStub();
    private static final ProviderStub SECONDARY = new ProviderStub();

    private static KafkaProducer<String, String> producer;
    private static TopicReader results;
    private static TopicReader deadLetters;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void ownRedisAndTwoProviders(DynamicPropertyRegistry registry) throws IOException {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> REDIS_PORT);
        Path keyFile = Files.createTempFile("primary-key", ".txt");
        Files.writeString(keyFile, "sk-primary-from-file\n");
        keyFile.toFile().deleteOnExit();
        registry.add("agentbounty.review.providers[0].name", () -> "primary");
        registry.add("agentbounty.review.providers[0].base-url", () -> PRIMARY.baseUrl().toString());
        registry.add("agentbounty.review.providers[0].model", () -> "model-a");
        registry.add("agentbounty.review.providers[0].credential", () -> "file:" + keyFile);
        registry.add("agentbounty.review.providers[0].timeout", () -> "2s");
        registry.add("agentbounty.review.providers[1].name", () -> "secondary");
        registry.add("agentbounty.review.providers[1].base-url", () -> SECONDARY.baseUrl().toString());
        registry.add("agentbounty.review.providers[1].model", () -> "model-b");
        registry.add("agentbounty.review.providers[1].timeout", () -> "2s");
    }

    @BeforeAll
    static void connect(@Autowired Environment environment) {
        String bootstrap = environment.getRequiredProperty("spring.kafka.bootstrap-servers");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        results = new TopicReader(bootstrap, "deps-results-queue");
        deadLetters = new TopicReader(bootstrap, "deps-dead-letter-queue");
    }

    @AfterAll
    static void disconnect() throws IOException {
        producer.close(Duration.ofSeconds(2));
        results.close();
        deadLetters.close();
        PRIMARY.close();
        SECONDARY.close();
        REDIS.stop();
    }

    @Test
    void whileRedisIsDownAJobWaitsInsteadOfBeingDeadLetteredAndRunsOnceRedisIsBack() throws Exception {
        VerificationJob job = job();
        double retriesBefore = count("sandbox.jobs.retries");
        REDIS.stop();
        try {
            send(job);
            // The whole schedule (0.1 + 0.2 + 0.4 + 0.8 s, plus Redis's timeouts) passes several times over.
            assertThat(deadLetters.settle(about(job), Duration.ofSeconds(15))).as("not dead-lettered").isEmpty();
            assertThat(count("sandbox.jobs.retries") - retriesBefore).as("retried, more often than max-attempts")
                    .isGreaterThanOrEqualTo(5);
            assertThat(results.resultsOf(job, 0)).isEmpty();
        } finally {
            REDIS.start();
        }

        VerificationResult result = result(single(results.resultsOf(job, 1)));
        assertThat(result.status()).isEqualTo(VerificationStatus.PASSED);
        assertThat(deadLetters.settle(about(job), Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void theResultCarriesTheReviewOfTheFirstProviderThatAnswers() throws Exception {
        PRIMARY.answers(503, "{}");
        SECONDARY.reviews(85, "Clear and correct.", "no input checks");
        VerificationJob job = job();
        send(job);

        VerificationResult result = result(single(results.resultsOf(job, 1)));

        assertThat(result.status()).isEqualTo(VerificationStatus.PASSED);
        assertThat(result.review()).isEqualTo(CodeReview.reviewed("secondary", "model-b", 85, "Clear and correct.", List.of("no input checks")));
        assertThat(PRIMARY.calls()).last().satisfies(call -> assertThat(call.authorization()).isEqualTo("Bearer sk-primary-from-file"));
        assertThat(SECONDARY.calls()).last().satisfies(call -> assertThat(call.authorization()).isNull());
    }

    @Test
    void whenNoProviderAnswersTheVerdictIsPublishedWithTheReviewUnavailable() throws Exception {
        PRIMARY.answers(500, "{}");
        SECONDARY.answers(200, "this is not JSON");
        VerificationJob job = job();
        send(job);

        VerificationResult result = result(single(results.resultsOf(job, 1)));

        assertThat(result.status()).isEqualTo(VerificationStatus.PASSED);
        assertThat(result.score()).isEqualTo(100);
        assertThat(result.review()).isEqualTo(CodeReview.unavailable());
    }

    private static VerificationJob job() {
        return new VerificationJob(UUID.randomUUID().toString(), UUID.randomUUID().toString(), JobFixtures.BOUNTY,
                RuntimeKind.QUICKJS, Artifact.text(JobFixtures.ADD), Artifact.text(JobFixtures.ADD_TESTS), JobFixtures.ROOMY);
    }

    private static void send(VerificationJob job) throws Exception {
        String json = VerificationJobListener.CONTRACT_JSON.writeValueAsString(job);
        producer.send(new ProducerRecord<>("deps-execution-queue", job.jobId(), json)).get(10, TimeUnit.SECONDS);
    }





    private double count(String counter) {
        return meters.find(counter).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RedisServer redis() {
        try {
            RedisServer redis = RedisServer.newRedisServer().port(REDIS_PORT).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
