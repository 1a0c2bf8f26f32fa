package com.agentbounty.gateway.flow;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * Defaults for every tracking processor (projections, the saga, the Kafka publisher).
 * <ul>
 * <li>Batches of up to {@value #BATCH_SIZE} events per transaction: a processor that falls behind catches up at
 *     thousands of events a second instead of one transaction per event (docs/benchmarks.md).</li>
 * <li>An event-availability timeout of {@value #AVAILABILITY_TIMEOUT_MS} ms instead of Axon's 1 s: a processor
 *     that has fallen out of the event store's shared cache reads from its own stream, and after a backlog it can
 *     stay there; each idle wait then delays the next event by the whole timeout, which the benchmark measured as a
 *     ~1 s lag on every write. A short timeout bounds that delay at the cost of a cheap poll.</li>
 * </ul>
 */
@Configuration
public class EventProcessingTuning {

    static final int BATCH_SIZE = 20;
    static final int AVAILABILITY_TIMEOUT_MS = 100;

    public static TrackingEventProcessorConfiguration defaults() {
        return TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andBatchSize(BATCH_SIZE)
                .andEventAvailabilityTimeout(AVAILABILITY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Bean
    ConfigurerModule trackingProcessorDefaults() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(configuration -> defaults());
    }
}
