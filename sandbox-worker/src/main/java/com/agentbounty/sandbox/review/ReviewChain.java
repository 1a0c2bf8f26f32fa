package com.agentbounty.sandbox.review;

import com.agentbounty.events.verification.CodeReview;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configured providers in order, each behind its own Resilience4j time limiter and circuit breaker: the first
 * provider that answers with a usable review wins; a slow, failing or malformed one is skipped; one whose circuit is
 * open is not called at all. When none answers, the review is {@link CodeReview#unavailable()}. The worst case a
 * review adds to a job is the sum of the providers' timeouts.
 * <p>
 * Meters: {@code sandbox.review.calls} (timer; {@code provider}, {@code outcome}: {@code reviewed}, {@code timeout},
 * {@code failed}, {@code malformed}, {@code circuit-open}), {@code sandbox.reviews} (counter; {@code outcome}:
 * {@code reviewed} or {@code unavailable}), {@code sandbox.review.circuit.open} (gauge per provider, 1 when open).
 */
public final class ReviewChain implements CodeReviewer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewChain.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final List<Guarded> providers;
    private final MeterRegistry registry;
    private final ExecutorService calls;

    private record Guarded(OpenAiCompatibleProvider provider, CircuitBreaker circuit, TimeLimiter limiter) {
    }

    /** The chain of {@code properties.providers()}, in order, over one HTTP client. */
    public static ReviewChain of(ReviewProperties properties, ProviderKeys keys, MeterRegistry registry) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        ObjectMapper json = new ObjectMapper();
        List<OpenAiCompatibleProvider> providers = properties.providers().stream()
                .map(provider -> new OpenAiCompatibleProvider(provider, keys, http, json, properties.maxResponseBytes()))
                .toList();
        return new ReviewChain(providers, properties.providers(), properties.circuitBreaker(), registry);
    }

    private ReviewChain(List<OpenAiCompatibleProvider> providers, List<ReviewProperties.Provider> settings,
                        ReviewProperties.CircuitBreaker circuitSettings, MeterRegistry registry) {
        this.registry = registry;
        AtomicInteger threads = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "ai-review-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        CircuitBreakerConfig circuitConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(circuitSettings.slidingWindow())
                .minimumNumberOfCalls(circuitSettings.minimumCalls())
                .failureRateThreshold(circuitSettings.failureRatePercent())
                .waitDurationInOpenState(circuitSettings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
        this.providers = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            OpenAiCompatibleProvider provider = providers.get(i);
            CircuitBreaker circuit = CircuitBreaker.of("review-" + provider.name(), circuitConfig);
            TimeLimiter limiter = TimeLimiter.of("review-" + provider.name(), TimeLimiterConfig.custom()
                    .timeoutDuration(settings.get(i).timeout()).cancelRunningFuture(true).build());
            circuit.getEventPublisher().onStateTransition(event ->
                    LOG.warn("AI review provider {}: circuit {}", provider.name(), event.getStateTransition()));
            Gauge.builder("sandbox.review.circuit.open", circuit, c -> c.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                    .description("1 while the provider's circuit is open (it is not called)")
                    .tag("provider", provider.name())
                    .register(registry);
            this.providers.add(new Guarded(provider, circuit, limiter));
        }
    }

    @Override
    public CodeReview review(ReviewRequest request) {
        for (Guarded guarded : providers) {
            long started = System.nanoTime();
            String outcome;
            try {
                Callable<CodeReview> limited = TimeLimiter.decorateFutureSupplier(guarded.limiter(),
                        () -> calls.submit(() -> guarded.provider().review(request)));
                CodeReview review = guarded.circuit().executeCallable(limited);
                record(guarded, "reviewed", started);
                count("reviewed");
                return review;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                outcome = outcomeOf(guarded, e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
            }
            record(guarded, outcome, started);
        }
        count("unavailable");
        return CodeReview.unavailable();
    }

    private static String outcomeOf(Guarded guarded, Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return "circuit-open";
        }
        if (failure instanceof TimeoutException) {
            return "timeout";
        }
        // The reason in words; no message here quotes the request or the key.
        LOG.info("AI review provider {} gave no review: {}: {}", guarded.provider().name(),
                failure.getClass().getSimpleName(), failure.getMessage());
        return failure instanceof ReviewFailedException refused ? refused.outcome() : "failed";
    }

    private void record(Guarded guarded, String outcome, long started) {
        Timer.builder("sandbox.review.calls")
                .description("AI review calls by provider and outcome")
                .tag("provider", guarded.provider().name())
                .tag("outcome", outcome)
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private void count(String outcome) {
        Counter.builder("sandbox.reviews")
                .description("Verification results by whether an AI review could be attached")
                .tag("outcome", outcome)
                .register(registry).increment();
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
