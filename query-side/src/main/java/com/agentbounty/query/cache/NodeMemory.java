package com.agentbounty.query.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * This node's memory in front of Redis (docs/decisions/0019-read-cache-in-node-memory.md), so that a hot answer needs
 * no round trip at all:
 * <ul>
 *   <li>the key prefix Redis last gave for each scope (the versions it embeds), trusted for {@code maxAge} only:
 *   a change made on another node reaches this node's readers within that time; a change made here retires the
 *   prefix at once ({@link #retire}). A prefix read again after a quarter of that age is read in the background, once,
 *   while readers go on using the one held (still younger than {@code maxAge}): without that, every reader of a hot
 *   answer found it gone at the same moment and all asked Redis together. A quarter, not half, leaves the background
 *   read three quarters of the age to come back on a machine busy enough to keep it waiting for a core. Caffeine
 *   drops a background read that a retirement overtakes;</li>
 *   <li>the JSON found under full keys. A full key names the versions it was stored under, so what it holds is right
 *   for as long as those versions are current; only the prefix can go stale, never an entry.</li>
 * </ul>
 * A {@code maxAge} of zero turns this memory off: every read asks Redis.
 */
final class NodeMemory {

    private final boolean enabled;
    private final LoadingCache<String, String> prefixes;
    private final Cache<String, Stored> entries;
    /**
     * Held shared while a prefix read from Redis is remembered, exclusively while prefixes are retired: a prefix read
     * before a retirement reached Redis must not be remembered after the retirement has run.
     */
    private final ReadWriteLock retiring = new ReentrantReadWriteLock();
    private long retirements;

    private record Stored(byte[] json, Duration ttl) {
    }

    /** @param prefixInRedis a scope's current prefix as Redis has it, or null when Redis did not answer */
    NodeMemory(Duration maxAge, DataSize capacity, UnaryOperator<String> prefixInRedis) {
        enabled = !maxAge.isZero();
        Caffeine<Object, Object> prefixCache = Caffeine.newBuilder().maximumSize(100_000);
        if (enabled) {
            prefixCache.expireAfterWrite(maxAge).refreshAfterWrite(maxAge.dividedBy(4));
        }
        prefixes = prefixCache.build(prefixInRedis::apply);
        entries = Caffeine.newBuilder()
                .maximumWeight(capacity.toBytes())
                .weigher((String key, Stored stored) -> key.length() + stored.json().length)
                .expireAfter(Expiry.creating((String key, Stored stored) -> stored.ttl()))
                .build();
    }

    /** The scope's current key prefix, if this node read it from Redis less than {@code maxAge} ago. */
    String prefix(String versionField) {
        return enabled ? prefixes.getIfPresent(versionField) : null;
    }

    /** The JSON this node found or stored under a full key, if it still has it. */
    byte[] entry(String fullKey) {
        Stored stored = enabled ? entries.getIfPresent(fullKey) : null;
        return stored == null ? null : stored.json();
    }

    /** How many retirements ran so far: read it before asking Redis, and pass it to {@link #learned}. */
    long retirementsSoFar() {
        retiring.readLock().lock();
        try {
            return retirements;
        } finally {
            retiring.readLock().unlock();
        }
    }

    /** Remembers the scope's prefix read from Redis, unless a retirement ran since the read began (it may be older). */
    void learned(String versionField, String prefix, long retirementsBeforeTheRead) {
        if (!enabled) {
            return;
        }
        retiring.readLock().lock();
        try {
            if (retirements == retirementsBeforeTheRead) {
                prefixes.put(versionField, prefix);
            }
        } finally {
            retiring.readLock().unlock();
        }
    }

    void keep(String fullKey, byte[] json, Duration ttl) {
        if (enabled) {
            entries.put(fullKey, new Stored(json, ttl));
        }
    }

    /** Forgets the scopes' prefixes: call it once their versions have moved on in Redis. */
    void retire(Set<String> versionFields) {
        retiring.writeLock().lock();
        try {
            retirements++;
            prefixes.invalidateAll(versionFields);
        } finally {
            retiring.writeLock().unlock();
        }
    }

    /** Forgets every prefix: a change could not be recorded in Redis, or the epoch moved on. */
    void retireAll() {
        retiring.writeLock().lock();
        try {
            retirements++;
            prefixes.invalidateAll();
        } finally {
            retiring.writeLock().unlock();
        }
    }
}
