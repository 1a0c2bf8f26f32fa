package com.agentbounty.gateway.ratelimit;

/**
 * The five rate limiters and what each does when Redis, where the buckets live, cannot be reached: limiters that
 * guard credentials fail closed (503: better no sign-in than unthrottled guessing), the others fail open (the API
 * keeps serving; an outage of the cache must not become an outage of the product). Those that guard credentials also
 * count every attempt in Redis as it is made, never from a node's lease of tokens (ADR 0020).
 */
public enum Limiter {
    API(false),
    AUTH(true),
    AI(false),
    CREDENTIALS(true),
    STRIPE(false);

    private final boolean failsClosed;

    Limiter(boolean failsClosed) {
        this.failsClosed = failsClosed;
    }

    public boolean failsClosed() {
        return failsClosed;
    }

    boolean countsEveryAttempt() {
        return failsClosed;
    }

    /** Which limiter guards a path; null for paths that are never limited (health probes and the web app). */
    static Limiter forPath(String path) {
        if (!path.startsWith("/api/") || path.equals("/api/health") || path.startsWith("/api/health/")
                || path.equals("/api/ready") || path.equals("/api/metrics")) {
            return null;
        }
        if (path.startsWith("/api/auth/")) {
            return AUTH;
        }
        if (path.startsWith("/api/webhooks/stripe")) {
            return STRIPE;
        }
        if (path.startsWith("/api/agents/me/credentials")) {
            return CREDENTIALS;
        }
        if (path.startsWith("/api/ai/")) {
            return AI;
        }
        return API;
    }
}
