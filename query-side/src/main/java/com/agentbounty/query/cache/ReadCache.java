package com.agentbounty.query.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Cache-aside in Redis for the read models' answers (docs/decisions/0010-read-model-cache.md). An answer is stored as
 * JSON under a key that embeds three counters from the hash {@value #VERSIONS}: a global epoch, the version of its
 * region (such as the whole listing) and the version of its scope (such as one bounty's detail; the region itself
 * when the answer has no narrower scope), and the shape of the answer's type ({@link AnswerShape}), since the API
 * serves stored JSON unparsed ({@link #storedJson}). A projection that changes a scope calls
 * {@link #changed} and, once its transaction has committed, the scope's version moves on: every later read uses a
 * new key, so no answer loaded before the commit can be read after it, whatever the interleaving. Old entries just
 * expire (each region has its TTL).
 * <p>
 * In front of Redis, each node keeps the versions it last read for {@code agentbounty.cache.local-max-age} and the
 * answers found under them ({@link NodeMemory}, ADR 0019): a hot answer then costs no round trip, and a change made on
 * another node reaches this node's readers within that time (a change made here, at once).
 * <p>
 * Redis is an optimisation here, never a dependency: any Redis failure makes reads go to PostgreSQL and skip Redis
 * for {@code agentbounty.cache.skip-after-failure}; a change that could not be recorded meanwhile moves the epoch on
 * at the first successful contact, which retires every entry written before the outage.
 */
@Component
@EnableConfigurationProperties(ReadCacheProperties.class)
public class ReadCache {

    /** The kinds of cached answer, each with its TTL and its hit and miss counters. */
    public enum Region {
        BOUNTY_LISTING("bounty-listing"), BOUNTY_DETAIL("bounty-detail"), AGENT_PROFILE("agent-profile"), LEADERBOARD("leaderboard");

        private final String id;

        Region(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    static final String PREFIX = "readcache:";
    static final String VERSIONS = PREFIX + "versions";
    private static final String EPOCH = "epoch";

    /**
     * One round trip: the key prefix made of the epoch, the region's version and the scope's version, and the entry
     * stored under it (false when there is none).
     */
    private static final RedisScript<List> READ = RedisScript.of("""
            local v = redis.call('HMGET', KEYS[1], ARGV[1], ARGV[2], ARGV[3])
            local prefix = ARGV[4] .. (v[1] or '0') .. '.' .. (v[2] or '0') .. '.' .. (v[3] or '0') .. ':'
            return {prefix, redis.call('GET', prefix .. ARGV[5])}""", List.class);

    private static final Logger log = LoggerFactory.getLogger(ReadCache.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final ReadCacheProperties properties;
    private final Map<Region, Counter> hits = new EnumMap<>(Region.class);
    private final Map<Region, Counter> misses = new EnumMap<>(Region.class);
    private final Map<Region, Counter> hitsInMemory = new EnumMap<>(Region.class);
    private final Counter failures;
    private final NodeMemory memory;

    private volatile long skipUntilNanos = System.nanoTime();
    private volatile boolean epochBumpOwed;

    public ReadCache(StringRedisTemplate redis, ObjectMapper json, ReadCacheProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        for (Region region : Region.values()) {
            hits.put(region, Counter.builder("cache.gets").tag("cache", region.id()).tag("result", "hit")
                    .description("Read-model answers served from Redis").register(meters));
            misses.put(region, Counter.builder("cache.gets").tag("cache", region.id()).tag("result", "miss")
                    .description("Read-model answers loaded from PostgreSQL (not cached, expired, evicted, or Redis unavailable)").register(meters));
            hitsInMemory.put(region, Counter.builder("cache.gets.memory").tag("cache", region.id())
                    .description("Hits answered from this node's memory, without a Redis round trip (counted in cache.gets too)").register(meters));
        }
        memory = new NodeMemory(properties.localMaxAge(), properties.localMemory(), this::prefixInRedis);
        failures = Counter.builder("cache.redis.failures").description("Cache operations that Redis did not answer").register(meters);
    }

    /**
     * The cached answer, or {@code load}'s (then stored, unless null). Never fails because of Redis.
     *
     * @param scope the entity whose change retires this answer (a bounty id, an agent id), or null for the whole region
     * @param key   what else the answer depends on (page, filter, viewer...), unique within the scope
     */
    public <T> T get(Region region, String scope, String key, Class<T> type, Supplier<T> load) {
        Entry entry = usable() ? read(region, scope, key, type) : null;
        if (entry != null && entry.stored() != null) {
            try {
                T cached = json.readValue(entry.stored(), type);
                countHit(region, entry);
                return cached;
            } catch (IOException e) {
                log.warn("Unreadable cache entry {}, loading it again: {}", entry.key(), e.getMessage());
            }
        }
        misses.get(region).increment();
        T loaded = load.get();
        if (loaded == null || entry == null) {
            return loaded; // nothing there (yet): not remembered, so its creation needs no eviction
        }
        byte[] value;
        try {
            value = json.writeValueAsBytes(loaded);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A read model answer that Jackson cannot write: " + type.getName(), e);
        }
        memory.keep(entry.key(), value, ttl(region));
        try {
            redis.execute((RedisCallback<Object>) connection -> connection.stringCommands().set(entry.key().getBytes(StandardCharsets.UTF_8), value,
                    Expiration.from(ttl(region)), RedisStringCommands.SetOption.upsert()));
        } catch (RuntimeException e) {
            failed("write", e);
        }
        return loaded;
    }

    /**
     * The JSON that {@link #get} keeps for the same arguments, as stored, for a caller that sends it on unparsed (the
     * HTTP API: it is the answer's JSON as the application's ObjectMapper writes it). Null when there is none or Redis
     * is away: the caller then asks the query, whose {@link #get} loads and stores the answer and counts the miss; so
     * this counts hits only, and one read counts once.
     */
    public byte[] storedJson(Region region, String scope, String key, Class<?> type) {
        if (!usable()) {
            return null;
        }
        Entry entry = read(region, scope, key, type);
        if (entry == null || entry.stored() == null) {
            return null;
        }
        countHit(region, entry);
        return entry.stored();
    }

    private void countHit(Region region, Entry entry) {
        hits.get(region).increment();
        if (entry.fromMemory()) {
            hitsInMemory.get(region).increment();
        }
    }

    /** An entry's full key (under the versions current when read), its stored JSON if any, and where it was found. */
    private record Entry(String key, byte[] stored, boolean fromMemory) {
    }

    /** From this node's memory, else one round trip; null when Redis failed (counted, and Redis is skipped for a while). */
    private Entry read(Region region, String scope, String key, Class<?> type) {
        String field = versionField(region, scope);
        String suffix = AnswerShape.of(type) + ":" + key;
        String knownPrefix = memory.prefix(field);
        byte[] remembered = knownPrefix == null ? null : memory.entry(knownPrefix + suffix);
        if (remembered != null) {
            return new Entry(knownPrefix + suffix, remembered, true);
        }
        long retirements = memory.retirementsSoFar();
        try {
            List<byte[]> found = runRead(field, suffix);
            String prefix = new String(found.get(0), StandardCharsets.UTF_8);
            byte[] stored = found.size() > 1 ? found.get(1) : null;
            memory.learned(field, prefix, retirements);
            if (stored != null) {
                memory.keep(prefix + suffix, stored, ttl(region));
            }
            return new Entry(prefix + suffix, stored, false);
        } catch (RuntimeException e) {
            failed("read", e);
            return null;
        }
    }

    /**
     * The scope's current key prefix, read again in the background while this node's readers still use the one it
     * holds (see {@link NodeMemory}); null when Redis failed, which makes the node forget the prefix.
     */
    private String prefixInRedis(String versionField) {
        try {
            return new String(runRead(versionField, "").get(0), StandardCharsets.UTF_8); // no answer key: the prefix only
        } catch (RuntimeException e) {
            failed("read", e);
            return null;
        }
    }

    /** The {@link #READ} script for a version field ({@link #versionField}) and an answer key within its scope. */
    @SuppressWarnings("unchecked")
    private List<byte[]> runRead(String versionField, String suffix) {
        String regionId = versionField.split(":", 2)[0];
        return (List<byte[]>) redis.execute(READ, RedisSerializer.string(), (RedisSerializer<List>) (RedisSerializer<?>) RedisSerializer.byteArray(),
                List.of(VERSIONS), EPOCH, regionId, versionField, PREFIX + versionField + ":", suffix);
    }

    /**
     * Retires every cached answer of the scope (of the whole region when {@code scope} is null), once the caller's
     * transaction (if any) has committed: call it from the projection's handler that changes the scope's rows.
     * A transaction's changes are retired together, in one Redis round trip: an event processor commits a batch of
     * events at once, and a round trip per event made Redis the pace of every projection (and of every rebuild).
     */
    public void changed(Region region, String scope) {
        String field = versionField(region, scope);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            bump(Set.of(field));
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> pending = (Set<String>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Set<String> fields = new LinkedHashSet<>();
            TransactionSynchronizationManager.bindResource(this, fields);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    bump(fields);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(ReadCache.this);
                }
            });
            pending = fields;
        }
        pending.add(field);
    }

    private void bump(Set<String> fields) {
        if (!properties.enabled() || fields.isEmpty()) {
            return;
        }
        if (skipping()) {
            epochBumpOwed = true; // no wait on a Redis known to be away; the epoch retires everything later
            memory.retireAll();
            return;
        }
        try {
            redis.executePipelined(new SessionCallback<Object>() {
                @Override
                @SuppressWarnings("unchecked")
                public <K, V> Object execute(RedisOperations<K, V> operations) {
                    K versions = (K) VERSIONS; // the template's keys are strings
                    fields.forEach(field -> operations.opsForHash().increment(versions, field, 1));
                    return null;
                }
            });
            memory.retire(fields); // after Redis: a reader that asks Redis from now on gets the new versions
        } catch (RuntimeException e) {
            epochBumpOwed = true;
            memory.retireAll();
            failed("eviction of " + fields, e);
        }
    }

    /** A cache that never stores, reads or retires anything: for a projection's copy replaying history in a rebuild. */
    public static ReadCache disabled() {
        return new ReadCache(null, null, new ReadCacheProperties(false, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, DataSize.ofBytes(0)), new SimpleMeterRegistry());
    }

    /** False while skipping Redis after a failure; first pays an epoch bump owed from an eviction that failed. */
    private boolean usable() {
        if (!properties.enabled() || skipping()) {
            return false;
        }
        if (epochBumpOwed) {
            try {
                redis.opsForHash().increment(VERSIONS, EPOCH, 1);
                epochBumpOwed = false;
                memory.retireAll();
                log.info("Redis answers again: every cache entry from before the outage retired");
            } catch (RuntimeException e) {
                failed("epoch bump", e);
                return false;
            }
        }
        return true;
    }

    private boolean skipping() {
        return System.nanoTime() - skipUntilNanos < 0;
    }

    private void failed(String what, RuntimeException e) {
        failures.increment();
        boolean wasSkipping = skipping();
        skipUntilNanos = System.nanoTime() + properties.skipAfterFailure().toNanos();
        if (!wasSkipping) {
            log.warn("Redis did not answer the cache's {}; reads go to PostgreSQL for the next {} ({})",
                    what, properties.skipAfterFailure(), e.getMessage());
        }
    }

    /** A region's id, or its id and the scope's after a colon (region ids have none). */
    private static String versionField(Region region, String scope) {
        return scope == null ? region.id() : region.id() + ":" + scope;
    }

    private Duration ttl(Region region) {
        return switch (region) {
            case BOUNTY_LISTING, BOUNTY_DETAIL -> properties.listings();
            case AGENT_PROFILE -> properties.agentProfiles();
            case LEADERBOARD -> properties.leaderboard();
        };
    }
}
