package com.agentbounty.sandbox.jobs;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;

/**
 * How many deliveries of one job message have failed, kept in Redis beside the result store
 * ({@code sandbox:attempts:<topic>:<partition>:<offset>}, kept for {@link #TTL} after the last failure), so the count
 * survives a rebalance that hands the partition to another consumer, and a restart of the worker: a job is
 * dead-lettered after exactly {@code max-attempts} failed deliveries, whoever made them. Keyed by the message's
 * position rather than its job id, so a job sent again later is a new message with a count of its own.
 */
public class DeliveryAttempts {

    static final String KEY_PREFIX = "sandbox:attempts:";
    /** Far longer than the retry schedule (15 s by default), short enough to clean up after itself. */
    static final Duration TTL = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final StringRedisTemplate redis;

    public DeliveryAttempts(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Counts one more failed delivery. If Redis cannot be reached, the failure goes uncounted (and is retried). */
    void failed(ConsumerRecord<?, ?> record) {
        try {
            String key = key(record);
            redis.opsForValue().increment(key);
            redis.expire(key, TTL);
        } catch (DataAccessException redisDown) {
            LOG.warn("Cannot count the failed delivery of {} in Redis: {}", key(record), redisDown.getClass().getSimpleName());
        }
    }

    /**
     * The failed deliveries counted so far.
     *
     * @throws DataAccessException when Redis cannot be reached
     */
    int failures(ConsumerRecord<?, ?> record) {
        String count = redis.opsForValue().get(key(record));
        return count == null ? 0 : Integer.parseInt(count);
    }

    /** Once the job is answered or dead-lettered; if Redis cannot be reached, the count simply expires. */
    void forget(ConsumerRecord<?, ?> record) {
        try {
            redis.delete(key(record));
        } catch (DataAccessException redisDown) {
            LOG.debug("Cannot forget the delivery count of {}; it expires by itself", key(record));
        }
    }

    private static String key(ConsumerRecord<?, ?> record) {
        return KEY_PREFIX + record.topic() + ":" + record.partition() + ":" + record.offset();
    }
}
