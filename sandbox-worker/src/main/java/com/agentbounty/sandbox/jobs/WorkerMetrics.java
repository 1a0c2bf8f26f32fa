package com.agentbounty.sandbox.jobs;

import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.VerificationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The worker's meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code sandbox.runs} [{@code sandbox_runs_seconds}]: one timing per sandbox run, by {@code runtime} and
 *       {@code status} (PASSED, FAILED, TIMEOUT, ...): runs by outcome and their durations;</li>
 *   <li>{@code sandbox.jobs.redelivered}: deliveries answered from the result store instead of running again;</li>
 *   <li>{@code sandbox.jobs.retries}: failed deliveries that will be retried, by {@code exception};</li>
 *   <li>{@code sandbox.jobs.dead.letters}: jobs sent to the dead-letter topic, by {@code kind}
 *       ({@code poison} or {@code retries-exhausted});</li>
 *   <li>{@code sandbox.pool.warmup}: how long the QuickJS engine took to warm up at start;</li>
 *   <li>{@code sandbox.jobs.queued} [{@code sandbox_jobs_queued_seconds}]: queue lag in time, how long each delivered
 *       job waited on {@code execution-queue} (from the record's timestamp to its delivery).</li>
 * </ul>
 * Queue lag in records comes from the Kafka consumer's own metrics ({@code kafka.consumer.fetch.manager.records.lag.max}).
 */
public class WorkerMetrics {

    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void run(RuntimeKind runtime, VerificationStatus status, Duration duration) {
        Timer.builder("sandbox.runs")
                .description("Sandbox runs by runtime and outcome")
                .tag("runtime", runtime.name())
                .tag("status", status.name())
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }

    public void redelivered() {
        Counter.builder("sandbox.jobs.redelivered")
                .description("Job deliveries answered with the stored result instead of a second run")
                .register(registry).increment();
    }

    public void retry(Throwable failure) {
        Counter.builder("sandbox.jobs.retries")
                .description("Job deliveries that failed for an infrastructure reason and will be retried")
                .tag("exception", failure.getClass().getSimpleName())
                .register(registry).increment();
    }

    public void deadLetter(String kind) {
        Counter.builder("sandbox.jobs.dead.letters")
                .description("Jobs sent to the dead-letter topic")
                .tag("kind", kind)
                .register(registry).increment();
    }

    public void queued(Duration waited) {
        Timer.builder("sandbox.jobs.queued")
                .description("How long a job waited on the job topic before a worker took it")
                .publishPercentileHistogram()
                .register(registry).record(waited);
    }

    public void warmUp(Duration duration) {
        Timer.builder("sandbox.pool.warmup")
                .description("Time to warm up the QuickJS engine at start")
                .register(registry).record(duration);
    }
}
