package com.agentbounty.sandbox.jobs;

import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.sandbox.review.ResultReviews;
import com.agentbounty.sandbox.verification.VerificationService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.MessageListener;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One delivery of a job from {@code execution-queue}: answer it from the result store if it already ran, otherwise
 * run it, store the result (first one wins) and publish the stored result to {@code results-queue}, keyed by
 * submission id. Anything thrown here is an infrastructure failure (retried, then dead-lettered) except
 * {@link PoisonJobException}, which is dead-lettered at once. A failing test is a result, never a throw.
 */
public class VerificationJobListener implements MessageListener<String, String> {

    /** The job and result contract as JSON: unknown fields are tolerated so producers can add some first. */
    public static final ObjectMapper CONTRACT_JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final VerificationService verification;
    private final ResultStore results;
    private final KafkaOperations<String, String> kafka;
    private final String resultsTopic;
    private final WorkerMetrics metrics;
    private final ResultReviews reviews;
    private final DeliveryAttempts attempts;

    public VerificationJobListener(VerificationService verification, ResultStore results,
                                   KafkaOperations<String, String> kafka, String resultsTopic, WorkerMetrics metrics,
                                   ResultReviews reviews, DeliveryAttempts attempts) {
        this.verification = verification;
        this.reviews = reviews;
        this.attempts = attempts;
        this.results = results;
        this.kafka = kafka;
        this.resultsTopic = resultsTopic;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        VerificationJob job = parse(record.value());
        if (deliveryAttempt(record) == 1) {
            metrics.queued(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - record.timestamp())));
        }
        try {
            answer(job);
        } catch (DataAccessException redisDown) {
            // Not the job's failure, and not countable either: RetrySchedule holds the job until Redis is back.
            throw redisDown;
        } catch (RuntimeException failure) {
            attempts.failed(record);
            throw failure;
        }
        attempts.forget(record);
    }

    private void answer(VerificationJob job) {
        String resultJson = results.find(job.jobId()).orElse(null);
        if (resultJson != null) {
            metrics.redelivered();
        } else {
            long started = System.nanoTime();
            VerificationResult result = verification.verify(job);
            metrics.run(job.runtime(), result.status(), Duration.ofNanos(System.nanoTime() - started));
            // Advisory and bounded by its timeouts; stored with the result, so every redelivery publishes the same one.
            result = reviews.attach(job, result);
            resultJson = results.storeFirst(job.jobId(), write(result));
        }
        publish(job.submissionId(), resultJson);
    }

    /** This consumer's delivery-attempt header: 1 for the first delivery, counting again after a rebalance. */
    static int deliveryAttempt(ConsumerRecord<?, ?> record) {
        Header attempt = record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
        return attempt == null || attempt.value().length != Integer.BYTES ? 1 : ByteBuffer.wrap(attempt.value()).getInt();
    }

    static VerificationJob parse(String value) {
        if (value == null) {
            throw new PoisonJobException("the message has no value", null);
        }
        try {
            return CONTRACT_JSON.readValue(value, VerificationJob.class);
        } catch (JsonProcessingException e) {
            throw new PoisonJobException("not a VerificationJob: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(VerificationResult result) {
        try {
            return CONTRACT_JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a VerificationResult is always serialisable", e);
        }
    }

    /** Waits for the broker's acknowledgement, so that a lost result is a failed delivery (retried), not a gap. */
    private void publish(String submissionId, String resultJson) {
        try {
            kafka.send(resultsTopic, submissionId, resultJson).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the result", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the result was not acknowledged by Kafka", e);
        }
    }
}
