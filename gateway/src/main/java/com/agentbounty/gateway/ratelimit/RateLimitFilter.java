package com.agentbounty.gateway.ratelimit;

import com.agentbounty.gateway.error.ApiError;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Answers 429 with {@code Retry-After} once a caller has used up its limiter's budget. It runs right after the
 * access token is read (verifying an HMAC is cheaper than a Redis round trip) so that signed-in callers are
 * limited per user, not per shared office address.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final TokenLeases tokens;
    private final RateLimitProperties properties;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public RateLimitFilter(TokenLeases tokens, RateLimitProperties properties, ObjectMapper json, MeterRegistry meters) {
        this.tokens = tokens;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limiter limiter = Limiter.forPath(request.getRequestURI());
        RateLimitProperties.Limit limit = limiter == null ? null : properties.limits().get(limiter);
        if (limit == null) {
            chain.doFilter(request, response);
            return;
        }
        String key = properties.keyPrefix() + ":" + limiter.name().toLowerCase() + ":" + caller(request);
        var probe = tokens.tryConsume(key, limit, limiter.countsEveryAttempt());
        if (probe.isEmpty()) {
            meters.counter("ratelimit.redis.unavailable", "limiter", limiter.name()).increment();
            if (limiter.failsClosed()) {
                reject(response, HttpStatus.SERVICE_UNAVAILABLE, "RATE_LIMITER_UNAVAILABLE",
                        "This operation is paused while its abuse protection is unavailable; try again shortly", 5);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!probe.get().taken()) {
            meters.counter("ratelimit.rejected", "limiter", limiter.name()).increment();
            long seconds = Math.max(1, (probe.get().nanosToWait() + 999_999_999) / 1_000_000_000);
            reject(response, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many requests; retry after " + seconds + " s", seconds);
            return;
        }
        response.setHeader("X-RateLimit-Remaining", Long.toString(probe.get().remaining()));
        chain.doFilter(request, response);
    }

    private static String caller(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return Optional.ofNullable(authentication)
                .filter(signedIn -> signedIn.isAuthenticated() && !(signedIn instanceof AnonymousAuthenticationToken))
                .map(signedIn -> "user:" + signedIn.getName())
                .orElseGet(() -> "ip:" + request.getRemoteAddr());
    }

    private void reject(HttpServletResponse response, HttpStatus status, String code, String message, long retryAfterSeconds) throws IOException {
        response.setStatus(status.value());
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ApiError.of(code, message, Map.of("retryAfterSeconds", retryAfterSeconds)));
    }
}
