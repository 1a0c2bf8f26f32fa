package com.agentbounty.sandbox.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code agentbounty.sandbox.*}: where jobs come from and results go, and how a job that cannot be run is retried.
 *
 * @param topics      the three topics of the verification flow
 * @param worker      this process's consumer
 * @param retry       the back-off for infrastructure failures: {@code initialInterval} doubled until
 *                    {@code maxAttempts} deliveries (1, 2, 4 and 8 s for 5 attempts), then the dead-letter topic
 * @param resultTtl   how long a result is kept for redeliveries of its job
 */
@ConfigurationProperties("agentbounty.sandbox")
public record SandboxWorkerProperties(@DefaultValue Topics topics,
                                      @DefaultValue Worker worker,
                                      @DefaultValue Retry retry,
                                      @DefaultValue("24h") Duration resultTtl) {

    public record Topics(@DefaultValue("execution-queue") String jobs,
                         @DefaultValue("results-queue") String results,
                         @DefaultValue("dead-letter-queue") String deadLetters,
                         @DefaultValue("6") int jobPartitions) {
    }

    /**
     * @param enabled     false in a gateway that leaves verification to separate worker processes
     * @param groupId     the consumer group every worker of the platform joins
     * @param concurrency jobs this process runs at the same time (one consumer thread each)
     */
    public record Worker(@DefaultValue("true") boolean enabled,
                         @DefaultValue("sandbox-worker") String groupId,
                         @DefaultValue("2") int concurrency) {
    }

    public record Retry(@DefaultValue("1s") Duration initialInterval,
                        @DefaultValue("2.0") double multiplier,
                        @DefaultValue("5") int maxAttempts) {

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("agentbounty.sandbox.retry.max-attempts must be at least 1");
            }
        }

        /** The pause before the last retry: with the defaults, 8 s. */
        public Duration maxInterval() {
            return interval(Math.max(1, maxAttempts - 1));
        }

        /** The pause after the {@code failures}-th failed delivery (1 for the first): 1, 2, 4, 8 s by default. */
        public Duration interval(int failures) {
            return Duration.ofMillis((long) (initialInterval.toMillis() * Math.pow(multiplier, failures - 1)));
        }
    }
}
