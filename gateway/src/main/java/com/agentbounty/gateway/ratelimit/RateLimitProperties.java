package com.agentbounty.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * How many requests each limiter allows per period, per caller (the user when signed in, otherwise the client
 * address). {@code keyPrefix} separates the buckets of installations (or test runs) that share one Redis.
 */
@ConfigurationProperties("agentbounty.rate-limits")
public record RateLimitProperties(String keyPrefix, Duration redisTimeout, Map<Limiter, Limit> limits) {

    public record Limit(long requests, Duration per) {
    }
}
