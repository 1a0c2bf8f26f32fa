package com.agentbounty.sandbox.jobs;

import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a whole topic from its beginning, as a downstream consumer would, and waits for matching records. */
final class TopicReader implements AutoCloseable {

    static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record seen so far that matches, after waiting until at least {@code count} match or time runs out. */
    List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> matching, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> matches = matches(matching);
        while (matches.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            matches = matches(matching);
        }
        return matches;
    }

    /** What arrives within {@code quiet}: for asserting that nothing more comes. */
    List<ConsumerRecord<String, String>> settle(Predicate<ConsumerRecord<String, String>> matching, Duration quiet) {
        return await(matching, Integer.MAX_VALUE, quiet);
    }

    private List<ConsumerRecord<String, String>> matches(Predicate<ConsumerRecord<String, String>> matching) {
        return seen.stream().filter(matching).toList();
    }

    /** The records keyed by the job's submission (results); waits for {@code count}, or a second when expecting none. */
    List<ConsumerRecord<String, String>> resultsOf(VerificationJob job, int count) {
        return await(record -> job.submissionId().equals(record.key()), count,
                count == 0 ? Duration.ofSeconds(1) : RESULT_TIMEOUT);
    }

    /** Dead letters keep the job's key: its job id. */
    static Predicate<ConsumerRecord<String, String>> about(VerificationJob job) {
        return record -> job.jobId().equals(record.key());
    }

    static ConsumerRecord<String, String> single(List<ConsumerRecord<String, String>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    static VerificationResult result(ConsumerRecord<String, String> record) throws Exception {
        return VerificationJobListener.CONTRACT_JSON.readValue(record.value(), VerificationResult.class);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
