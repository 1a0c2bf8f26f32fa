package com.agentbounty.sandbox.jobs;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataAccessException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The back-off of one failing job message, asked after each failed delivery (ADR 0006, 0015):
 * <ul>
 *   <li>after the n-th counted failure ({@link DeliveryAttempts}, in Redis), wait {@code initial × multiplier^(n-1)}
 *       (1, 2, 4, 8 s), and stop — dead-letter — once {@code max-attempts} deliveries have failed. The count is read
 *       anew each time, so a consumer that took the partition over after a rebalance or restart goes on where the
 *       previous one stopped;</li>
 *   <li>while Redis cannot be reached, the failure is the worker's, not the job's: wait the longest interval and try
 *       again, without counting and without ever dead-lettering. The job's partition stays paused meanwhile.</li>
 * </ul>
 */
final class RetrySchedule implements BackOff {

    private final ConsumerRecord<?, ?> record;
    private final DeliveryAttempts attempts;
    private final SandboxWorkerProperties.Retry retry;
    private final Runnable onRetry;

    /**
     * @param onRetry called whenever a retry is scheduled (for the retries meter)
     */
    RetrySchedule(ConsumerRecord<?, ?> record, DeliveryAttempts attempts, SandboxWorkerProperties.Retry retry, Runnable onRetry) {
        this.record = record;
        this.attempts = attempts;
        this.retry = retry;
        this.onRetry = onRetry;
    }

    @Override
    public BackOffExecution start() {
        return this::nextBackOff;
    }

    long nextBackOff() {
        long interval;
        try {
            int failures = attempts.failures(record);
            if (failures >= retry.maxAttempts()) {
                return BackOffExecution.STOP;
            }
            interval = retry.interval(Math.max(1, failures)).toMillis();
        } catch (DataAccessException redisDown) {
            interval = retry.maxInterval().toMillis();
        }
        onRetry.run();
        return interval;
    }
}
