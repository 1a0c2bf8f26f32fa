package com.agentbounty.gateway.integration;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** In one-process mode the gateway runs the sandbox worker: a job on execution-queue is answered on results-queue. */
class EmbeddedSandboxWorkerTest extends GatewayIntegrationTest {

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void theGatewayRunsVerificationJobsInItsOwnProcess() throws Exception {
        String submission = UUID.randomUUID().toString();
        VerificationJob job = new VerificationJob(UUID.randomUUID().toString(), submission, BountyId.of("embedded"),
                RuntimeKind.QUICKJS, Artifact.text("function add(a, b) { return a + b; }"),
                Artifact.text("test('adds', () => assertEqual(add(2, 3), 5));"), SandboxLimits.DEFAULT);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>("execution-queue", job.jobId(), new ObjectMapper().writeValueAsString(job)))
                    .get(10, TimeUnit.SECONDS);
        }

        JsonNode result = json.readTree(resultFor(submission, Duration.ofSeconds(60)).value());
        assertThat(result.get("jobId").asText()).isEqualTo(job.jobId());
        assertThat(result.get("status").asText()).isEqualTo("PASSED");
        assertThat(result.get("score").asInt()).isEqualTo(100);
    }

    private ConsumerRecord<String, String> resultFor(String submission, Duration timeout) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of("results-queue"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (submission.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no result for submission " + submission + " within " + timeout);
    }
}
