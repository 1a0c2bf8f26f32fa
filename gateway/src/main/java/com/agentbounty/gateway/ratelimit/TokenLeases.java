package com.agentbounty.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spares a busy caller a Redis round trip per request (ADR 0020). A caller whose bucket this node asked for tokens
 * within the last {@link #LIFETIME}, and who used them all, gets the next ones in a batch (twice the last one while it
 * is spent within half its lifetime, up to 0.1 % of the budget and at most {@link #MOST}), taken from the shared bucket
 * in one call and spent here during the lease's lifetime; once half a batch is spent, the next is fetched. A quiet
 * caller takes one token per request, as before. Tokens are taken before they are spent, so no caller is ever let
 * through more than its budget allows across all nodes; tokens still unspent when a lease ends (its caller fell
 * quiet) are lost, at most a batch and a half per caller and node, and counted in {@code ratelimit.lease.unspent}.
 */
@Component
public class TokenLeases {

    /** How long a batch may be spent: long enough for a busy caller to use it, short enough that one stays busy only while it is. */
    static final Duration LIFETIME = Duration.ofMillis(100);
    static final long MOST = 100;
    /**
     * A batch is at most this fraction of the budget, and budgets under 2,000 per period get no batches at all: a
     * lease that ends unspent (its caller's requests came more than 100 ms apart) loses its tokens, and in a walkthrough
     * burst at 300/min with batches of 3 that was 27 of some 340 requests.
     */
    private static final long SHARE_OF_BUDGET = 1_000;
    /** Callers with a lease remembered; past it, ended leases are forgotten. */
    private static final int CALLERS_KEPT = 10_000;

    /** What one request got: a token or not, the tokens left to the caller, and how long to wait for the next when not. */
    public record Outcome(boolean taken, long remaining, long nanosToWait) {
    }

    private final RedisBuckets buckets;
    private final long lifetimeNanos;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    /** Tokens taken from Redis that a lease still held when it ended: what leasing cost callers in budget. */
    private final Counter unspent;

    @Autowired
    TokenLeases(RedisBuckets buckets, MeterRegistry meters) {
        this(buckets, meters, LIFETIME);
    }

    TokenLeases(RedisBuckets buckets, MeterRegistry meters, Duration lifetime) {
        this.buckets = buckets;
        this.lifetimeNanos = lifetime.toNanos();
        this.unspent = Counter.builder("ratelimit.lease.unspent")
                .description("Rate-limit tokens a node leased and never spent: its caller fell quiet within the lease")
                .register(meters);
    }

    /**
     * @param exact one token per request, never a batch: for the limiters that guard credentials, where every attempt
     *              must be counted the moment it is made
     * @return the outcome, or empty when Redis cannot be asked
     */
    public Optional<Outcome> tryConsume(String key, RateLimitProperties.Limit limit, boolean exact) {
        if (exact || largestBatch(limit) == 1) {
            return buckets.take(key, limit, 1).map(grant -> grant.tokens() == 0
                    ? new Outcome(false, 0, grant.nanosToWait())
                    : new Outcome(true, grant.remaining(), 0));
        }
        long now = System.nanoTime();
        Lease lease = leases.get(key);
        boolean live = lease != null && lease.isLive(now);
        if (lease != null && !live && leases.remove(key, lease)) {
            countUnspent(lease); // now, not whenever the caller comes back
        }
        if (live) {
            long left = lease.left.decrementAndGet();
            if (left >= 0) {
                if (left == lease.size / 2 && lease.size >= 4 && lease.fetchingNext.compareAndSet(false, true)) {
                    fetchAhead(key, limit, lease, now);
                }
                return Optional.of(new Outcome(true, lease.remainingInBucket + left, 0));
            }
        }
        // One request at a time fetches a caller's next batch; the others meanwhile take one token each. Were every
        // request that found the lease spent to bring a batch, a busy node would lease far more than it spends.
        boolean fetchesBatch = !live || lease.fetchingNext.compareAndSet(false, true);
        long wanted = fetchesBatch && live ? nextBatch(lease, now - lease.startedAtNanos(lifetimeNanos), limit) : 1;
        Optional<RedisBuckets.Grant> granted = buckets.take(key, limit, wanted);
        if (granted.isEmpty() || granted.get().tokens() == 0) {
            if (fetchesBatch && live) {
                lease.fetchingNext.set(false);
            }
            return granted.map(refused -> new Outcome(false, 0, refused.nanosToWait()));
        }
        RedisBuckets.Grant grant = granted.get();
        if (fetchesBatch) {
            // One token is this request's; the rest are the lease. Kept even when empty: it is how the next request
            // within the lifetime knows that this caller is busy.
            renew(key, wanted, grant.tokens() - 1, grant);
        }
        return Optional.of(new Outcome(true, grant.remaining() + grant.tokens() - 1, 0));
    }

    /**
     * Half the lease is spent: this request, already served from it, fetches the next batch, so that the caller's
     * other requests seldom find the lease empty and go to Redis one by one while a batch is on its way.
     */
    private void fetchAhead(String key, RateLimitProperties.Limit limit, Lease lease, long now) {
        long wanted = nextBatch(lease, 2 * (now - lease.startedAtNanos(lifetimeNanos)), limit);
        Optional<RedisBuckets.Grant> granted = buckets.take(key, limit, wanted).filter(grant -> grant.tokens() > 0);
        if (granted.isPresent()) {
            renew(key, wanted, granted.get().tokens(), granted.get());
        } else {
            lease.fetchingNext.set(false);
        }
    }

    /**
     * Twice the last batch when it was (or is on course to be) spent within half its lifetime, the same again
     * otherwise: a batch stays no larger than what the caller spends in a lifetime, so that a busy caller's leases
     * end spent.
     */
    private long nextBatch(Lease last, long nanosToSpendIt, RateLimitProperties.Limit limit) {
        return Math.min(largestBatch(limit), nanosToSpendIt < lifetimeNanos / 2 ? last.size * 2 : last.size);
    }

    private static long largestBatch(RateLimitProperties.Limit limit) {
        return Math.max(1, Math.min(MOST, limit.requests() / SHARE_OF_BUDGET));
    }

    /**
     * Starts the caller's next lease with {@code leased} of the tokens just granted and whatever the lease it replaces
     * still holds: the old one is closed first, so each of its tokens is spent there or carried here, never both, and
     * none is lost when requests race to renew. Its lifetime starts now, when its tokens have arrived: a slow round
     * trip must not eat into it.
     */
    private void renew(String key, long size, long leased, RedisBuckets.Grant grant) {
        long now = System.nanoTime();
        if (leases.size() >= CALLERS_KEPT) {
            leases.values().removeIf(kept -> {
                if (kept.isLive(now)) {
                    return false;
                }
                countUnspent(kept);
                return true;
            });
        }
        leases.compute(key, (caller, old) -> new Lease(size, leased + (old == null ? 0 : carriedFrom(old, now)),
                now + lifetimeNanos, grant.remaining()));
    }

    /** Closes a lease: its unspent tokens to carry on if it is still live, none if it has ended (they are counted as lost). */
    private long carriedFrom(Lease old, long now) {
        if (old.isLive(now)) {
            return old.close();
        }
        countUnspent(old);
        return 0;
    }

    /** Closes an ended lease and counts the tokens it still held. */
    private void countUnspent(Lease ended) {
        unspent.increment(ended.close());
    }

    /** Tokens taken from the shared bucket and not yet spent; {@code left} goes below zero once they are all spent. */
    private record Lease(long size, AtomicLong left, long endsAtNanos, long remainingInBucket, AtomicBoolean fetchingNext) {
        /** Far enough below zero that no number of requests decrementing a closed lease brings it back up. */
        private static final long CLOSED = Long.MIN_VALUE / 2;

        private Lease(long size, long left, long endsAtNanos, long remainingInBucket) {
            this(size, new AtomicLong(left), endsAtNanos, remainingInBucket, new AtomicBoolean());
        }

        private boolean isLive(long now) {
            return now - endsAtNanos < 0;
        }

        private long startedAtNanos(long lifetimeNanos) {
            return endsAtNanos - lifetimeNanos;
        }

        /** @return the tokens it still held, which no request can spend here any more */
        private long close() {
            return Math.max(0, left.getAndSet(CLOSED));
        }
    }
}
