package com.agentbounty.sandbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The sandbox worker alone: one member of the {@code sandbox-worker} Kafka consumer group, with health and metrics
 * on {@code /api/health} and {@code /api/metrics} (port {@code WORKER_PORT}, default 8081). The gateway runs the same
 * worker in its own process through {@code SandboxWorkerConfiguration}.
 * <p>
 * The gateway's component scan ({@code com.agentbounty}) sees this class too; the condition keeps it out, so that
 * this application's exclusions and settings never reach the gateway. Settings come from {@code sandbox-worker.yml}
 * (not {@code application.yml}, which is the gateway's).
 * <p>
 * The worker needs Kafka and Redis, never PostgreSQL: the infrastructure module sets a data source for every mode,
 * so it is excluded here (and its event store with it).
 */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class,
        excludeName = "com.agentbounty.infrastructure.eventstore.EventStoreAutoConfiguration")
@ConditionalOnProperty(name = SandboxWorkerApplication.STANDALONE, havingValue = "true")
public class SandboxWorkerApplication {

    static final String STANDALONE = "agentbounty.sandbox.worker.standalone";

    public static void main(String[] args) {
        new SpringApplicationBuilder(SandboxWorkerApplication.class)
                .properties(STANDALONE + "=true", "spring.config.name=sandbox-worker")
                .run(args);
    }
}
