package com.agentbounty.infrastructure.embedded;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, before any bean exists, where PostgreSQL, Redis and Kafka are, and tells Spring by setting the
 * ordinary {@code spring.*} connection properties. In {@code local} and {@code test} mode it starts the embedded
 * servers first, once per JVM, so every Spring context of a test run shares them.
 */
public class InfrastructureEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String DATA_DIR_PROPERTY = "agentbounty.data-dir";

    private static EmbeddedServers sharedServers;

    private final Log log;

    public InfrastructureEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(InfrastructureEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        InfrastructureMode mode = InfrastructureMode.parse(environment.getProperty(InfrastructureMode.PROPERTY));
        Map<String, Object> connection = switch (mode) {
            case LOCAL, TEST -> embeddedConnection(embeddedServers(mode, environment));
            case EXTERNAL -> externalConnection(environment);
        };
        if (mode == InfrastructureMode.EXTERNAL) {
            log.info("Mode external: connecting to the servers named in the environment");
        }
        connection.put(InfrastructureMode.PROPERTY, mode.name().toLowerCase());
        // Last: anything set explicitly (command line, environment, a test's properties) still wins.
        environment.getPropertySources().addLast(new MapPropertySource("agentbounty-infrastructure", connection));
        if (mode != InfrastructureMode.EXTERNAL) {
            environment.getPropertySources().addLast(new MapPropertySource("agentbounty-embedded-logging", EMBEDDED_SERVER_LOGGING));
        }
    }

    /**
     * The in-process Kafka broker logs at INFO by the thousand lines, and at JVM exit its own clean-up removes its
     * log folders before it has stopped, which it reports as disk errors. Neither says anything about the product.
     */
    private static final Map<String, Object> EMBEDDED_SERVER_LOGGING = Map.of(
            "logging.level.kafka", "WARN",
            "logging.level.org.apache.kafka", "WARN",
            "logging.level.state.change.logger", "WARN",
            "logging.level.kafka.log.LogManager", "OFF",
            "logging.level.org.apache.kafka.storage.internals.log.LogDirFailureChannel", "OFF",
            "logging.level.io.zonky.test.db.postgres", "WARN");

    private synchronized EmbeddedServers embeddedServers(InfrastructureMode mode, ConfigurableEnvironment environment) {
        if (sharedServers == null) {
            boolean local = mode == InfrastructureMode.LOCAL;
            Path postgresData = local ? localDataDirectory(environment) : temporaryDirectory();
            EmbeddedServers servers = EmbeddedServers.start(postgresData, local);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                servers.close();
                if (!local) {
                    FileSystemUtils.deleteRecursively(postgresData.toFile());
                }
            }, "embedded-servers-shutdown"));
            sharedServers = servers;
            log.info("Mode " + mode.name().toLowerCase() + ": " + servers);
        }
        return sharedServers;
    }

    private static Map<String, Object> embeddedConnection(EmbeddedServers servers) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", servers.jdbcUrl());
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        properties.put("spring.data.redis.host", "127.0.0.1");
        properties.put("spring.data.redis.port", servers.redisPort());
        properties.put("spring.kafka.bootstrap-servers", servers.kafkaBootstrapServers());
        return properties;
    }

    /** Every setting is required: a half-configured production start must fail loudly, not fall back to defaults. */
    private static Map<String, Object> externalConnection(ConfigurableEnvironment environment) {
        Map<String, String> required = Map.of(
                "agentbounty.database.url", "spring.datasource.url",
                "agentbounty.database.username", "spring.datasource.username",
                "agentbounty.database.password", "spring.datasource.password",
                "agentbounty.redis.url", "spring.data.redis.url",
                "agentbounty.kafka.bootstrap-servers", "spring.kafka.bootstrap-servers");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        required.forEach((ours, springs) -> {
            String value = environment.getProperty(ours);
            if (value == null) {
                missing.add(ours.toUpperCase().replace('.', '_').replace('-', '_'));
            } else {
                properties.put(springs, value);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Mode external needs these environment variables: " + String.join(", ", missing.stream().sorted().toList()));
        }
        return properties;
    }

    private static Path localDataDirectory(ConfigurableEnvironment environment) {
        return Path.of(environment.getProperty(DATA_DIR_PROPERTY, "data")).toAbsolutePath().resolve("postgres");
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("agentbounty-test-postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
