package com.agentbounty.gateway.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets kept in Redis, so every node counts against the same budget. The connection is opened on first use
 * and again after a failure, with a short timeout and commands refused while disconnected: a limiter must answer
 * within milliseconds whether Redis is there or not.
 */
@Component
public class RedisBuckets implements AutoCloseable {

    private final RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;
    private ProxyManager<String> buckets;

    RedisBuckets(RedisConnectionDetails redis, RateLimitProperties properties) {
        RedisConnectionDetails.Standalone standalone = redis.getStandalone();
        RedisURI.Builder uri = RedisURI.builder().withHost(standalone.getHost()).withPort(standalone.getPort())
                .withDatabase(standalone.getDatabase()).withTimeout(properties.redisTimeout());
        if (redis.getPassword() != null) {
            uri = redis.getUsername() != null
                    ? uri.withAuthentication(redis.getUsername(), redis.getPassword())
                    : uri.withPassword(redis.getPassword().toCharArray());
        }
        client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
                .build());
    }

    /** @return the outcome, or empty when Redis cannot be asked */
    Optional<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
        try {
            return Optional.of(proxyManager().builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1));
        } catch (RuntimeException redisUnavailable) {
            return Optional.empty();
        }
    }

    private synchronized ProxyManager<String> proxyManager() {
        if (connection == null || !connection.isOpen()) {
            connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                    .build();
        }
        return buckets;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
