package com.agentbounty.sandbox.jobs;

import com.agentbounty.sandbox.verification.SandboxUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import java.nio.charset.StandardCharsets;

/**
 * Sends a job that cannot be run to the dead-letter topic, unchanged, keyed as it came, with Spring Kafka's
 * {@code kafka_dlt-*} headers (original topic, partition, offset, exception class and message) and three of ours in
 * plain UTF-8 text, so that an operator reads them without tools:
 * <ul>
 *   <li>{@value #KIND}: {@code poison} (the message is not a job: never retried) or {@code retries-exhausted};</li>
 *   <li>{@value #REASON}: why the last attempt failed, in words;</li>
 *   <li>{@value #ATTEMPTS}: how many times the job was delivered, the last one included.</li>
 * </ul>
 */
public final class DeadLetters implements ConsumerRecordRecoverer {

    public static final String KIND = "dlt-kind";
    public static final String REASON = "dlt-reason";
    public static final String ATTEMPTS = "dlt-attempts";
    public static final String POISON = "poison";
    public static final String RETRIES_EXHAUSTED = "retries-exhausted";

    private static final int MAX_REASON_CHARS = 1_000;

    private final DeadLetterPublishingRecoverer publisher;
    private final WorkerMetrics metrics;
    private final DeliveryAttempts attempts;

    public DeadLetters(KafkaOperations<String, String> kafka, String deadLetterTopic, WorkerMetrics metrics,
                       DeliveryAttempts attempts) {
        // Partition -1: the producer picks one by key, so the dead-letter topic may have any number of partitions.
        this.publisher = new DeadLetterPublishingRecoverer(kafka, (record, failure) -> new TopicPartition(deadLetterTopic, -1));
        this.publisher.setHeadersFunction(this::ourHeaders);
        this.metrics = metrics;
        this.attempts = attempts;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception failure) {
        publisher.accept(record, failure);
        metrics.deadLetter(kind(failure));
        attempts.forget(record);
    }

    private Headers ourHeaders(ConsumerRecord<?, ?> record, Exception failure) {
        Headers headers = new RecordHeaders();
        headers.add(KIND, utf8(kind(failure)));
        headers.add(REASON, utf8(reason(failure)));
        headers.add(ATTEMPTS, utf8(Integer.toString(attempts(record))));
        return headers;
    }

    static boolean isPoison(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonJobException) {
                return true;
            }
        }
        return false;
    }

    private static String kind(Throwable failure) {
        return isPoison(failure) ? POISON : RETRIES_EXHAUSTED;
    }

    /** The innermost message that says something: the listener's wrapper exceptions only repeat the topic. */
    static String reason(Throwable failure) {
        Throwable meaningful = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonJobException
                    || cause instanceof SandboxUnavailableException) {
                meaningful = cause;
                break;
            }
            if (cause.getMessage() != null) {
                meaningful = cause;
            }
        }
        String text = meaningful.getClass().getSimpleName() + ": " + meaningful.getMessage();
        Throwable cause = meaningful.getCause();
        if (cause != null && cause.getMessage() != null) {
            text += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS - 1) + "…";
    }

    /**
     * The failed deliveries counted in Redis, whichever consumer made them; for a poison message (never counted), the
     * container's delivery-attempt header (1 for the first delivery).
     */
    private int attempts(ConsumerRecord<?, ?> record) {
        try {
            int counted = attempts.failures(record);
            if (counted > 0) {
                return counted;
            }
        } catch (DataAccessException redisDown) {
            // This consumer's own count, then.
        }
        return VerificationJobListener.deliveryAttempt(record);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
