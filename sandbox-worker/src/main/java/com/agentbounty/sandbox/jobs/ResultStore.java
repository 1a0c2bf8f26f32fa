package com.agentbounty.sandbox.jobs;

import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.Optional;

/**
 * The results of jobs already run, by job id, in Redis ({@code sandbox:result:<jobId>}): the idempotency record that
 * keeps a redelivered job from running twice. The first result stored for a job wins ({@code SET NX EX}), so every
 * worker that handles the job publishes the same result.
 */
public class ResultStore {

    static final String KEY_PREFIX = "sandbox:result:";

    private final StringRedisTemplate redis;
    private final Duration ttl;

    public ResultStore(StringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    public Optional<String> find(String jobId) {
        return Optional.ofNullable(redis.opsForValue().get(KEY_PREFIX + jobId));
    }

    /** Stores {@code resultJson} unless a result is already there; answers the result that is stored now. */
    public String storeFirst(String jobId, String resultJson) {
        Boolean stored = redis.opsForValue().setIfAbsent(KEY_PREFIX + jobId, resultJson, ttl);
        if (Boolean.TRUE.equals(stored)) {
            return resultJson;
        }
        // Another delivery of the same job finished first (or the key expired in between: then ours is the one).
        return find(jobId).orElse(resultJson);
    }
}
