package com.agentbounty.gateway.integration;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Domain events reach the Kafka topic, keyed by aggregate id, as JSON a non-Java consumer can read. */
class KafkaEventPublishingTest extends GatewayIntegrationTest {

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${agentbounty.kafka.events-topic}")
    String topic;

    @Test
    void aDraftedBountyIsPublishedToTheEventsTopicKeyedByItsId() throws Exception {
        String id = postJson(business(), "/api/bounties", bountyJson("Published to Kafka", 7_700, "USD")).body().get("id").asText();

        ConsumerRecord<String, byte[]> record = firstRecordWithKey(id, Duration.ofSeconds(30));

        JsonNode payload = json.readTree(record.value());
        assertThat(payload.at("/terms/title").asText()).isEqualTo("Published to Kafka");
        assertThat(payload.at("/terms/reward/amount").asLong()).isEqualTo(7_700);
        assertThat(header(record, "axon-message-type")).isEqualTo("com.agentbounty.events.bounty.BountyDrafted");
        assertThat(header(record, "axon-message-aggregate-id")).isEqualTo(id);
    }

    private ConsumerRecord<String, byte[]> firstRecordWithKey(String key, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<String> seenKeys = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                    seenKeys.add(record.key());
                }
            }
        }
        throw new AssertionError("No record keyed " + key + " on " + topic + " within " + timeout + "; saw " + seenKeys);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
