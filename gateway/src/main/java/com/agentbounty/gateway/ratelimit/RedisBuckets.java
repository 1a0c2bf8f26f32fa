package com.agentbounty.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Token buckets kept in Redis, so every node counts against the same budget. One Lua script per call reads the
 * bucket, refills it for the time passed (greedily, by Redis's clock, so nodes' clocks do not matter), takes up to
 * the tokens asked for and writes it back: one round trip, where Bucket4j's compare-and-swap took two
 * (docs/benchmarks.md, "Read cache"). Taking several at once is what lets {@link TokenLeases} spare a busy caller a
 * round trip per request. The connection is opened on first use and again after a failure, with a short timeout and
 * commands refused while disconnected: a limiter must answer within milliseconds whether Redis is there or not.
 */
@Component
public class RedisBuckets implements AutoCloseable {

    /**
     * KEYS[1] the bucket; ARGV capacity, microseconds to refill it whole, tokens wanted. Takes as many of those as the
     * bucket holds whole; answers {tokens taken, tokens left, µs until one is there when none was taken}.
     */
    private static final String TAKE = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local wanted = tonumber(ARGV[3])
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or capacity
            local at = tonumber(state[2]) or now
            if now > at then
              tokens = math.min(capacity, tokens + (now - at) * capacity / period)
            end
            local taken = math.min(wanted, math.floor(tokens))
            local wait = 0
            if taken >= 1 then
              tokens = tokens - taken
            else
              taken = 0
              wait = math.ceil((1 - tokens) * period / capacity)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(period / 1000))
            return {taken, math.floor(tokens), wait}""";

    /** What one call got from a bucket: the tokens taken (none when it was empty), those left, and the wait for the next. */
    record Grant(long tokens, long remaining, long nanosToWait) {
    }

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private volatile String takeSha;

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

    /** @return what the bucket gave, at most {@code wanted} tokens; empty when Redis cannot be asked */
    Optional<Grant> take(String key, RateLimitProperties.Limit limit, long wanted) {
        try {
            String[] keys = {key + ":tokens"};
            String[] arguments = {Long.toString(limit.requests()), Long.toString(Math.max(1, limit.per().toNanos() / 1_000)), Long.toString(wanted)};
            RedisCommands<String, String> redis = commands();
            List<Long> answer;
            try {
                answer = redis.evalsha(takeSha, ScriptOutputType.MULTI, keys, arguments);
            } catch (RedisNoScriptException flushed) { // Redis restarted since the script was loaded; EVAL loads it again
                answer = redis.eval(TAKE, ScriptOutputType.MULTI, keys, arguments);
            }
            return Optional.of(new Grant(answer.get(0), answer.get(1), answer.get(2) * 1_000));
        } catch (RuntimeException redisUnavailable) {
            return Optional.empty();
        }
    }

    private synchronized RedisCommands<String, String> commands() {
        if (connection == null || !connection.isOpen()) {
            connection = client.connect();
            takeSha = connection.sync().scriptLoad(TAKE);
        }
        return connection.sync();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
