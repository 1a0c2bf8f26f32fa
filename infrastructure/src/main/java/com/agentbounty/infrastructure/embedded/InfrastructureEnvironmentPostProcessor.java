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
import java.util.concurrent.CompletableFuture;

/**
 * Decides, before any bean exists, where PostgreSQL, Redis, Kafka and object storage are, and tells Spring by setting
 * the ordinary {@code spring.*} connection properties and {@code agentbounty.storage.*}. In {@code local} and
 * {@code test} mode it starts the embedded servers first, once per JVM, so every Spring context of a test run shares
 * them. Object storage in {@code local} mode is a folder (no server); in {@code test} mode an in-process S3 server.
 */
public class InfrastructureEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String DATA_DIR_PROPERTY = "agentbounty.data-dir";

    private static EmbeddedServers sharedServers;
    private static EmbeddedS3Server sharedS3;

    private final Log log;

    public InfrastructureEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(InfrastructureEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        InfrastructureMode mode = InfrastructureMode.parse(environment.getProperty(InfrastructureMode.PROPERTY));
        Map<String, Object> connection = switch (mode) {
            case LOCAL, TEST -> embeddedConnection(embeddedServers(mode, environment), sharedS3);
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
            // Local runs keep objects in a folder; only tests need an S3 server, and it starts beside the others.
            CompletableFuture<EmbeddedS3Server> s3 = local ? CompletableFuture.completedFuture(null) : startS3();
            EmbeddedServers servers = EmbeddedServers.start(postgresData, local);
            EmbeddedS3Server s3Server = s3.join();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (s3Server != null) {
                    s3Server.close();
                }
                servers.close();
                if (!local) {
                    FileSystemUtils.deleteRecursively(postgresData.toFile());
                }
            }, "embedded-servers-shutdown"));
            sharedServers = servers;
            sharedS3 = s3Server;
            log.info("Mode " + mode.name().toLowerCase() + ": " + servers + (s3Server == null ? "" : "; " + s3Server));
        }
        return sharedServers;
    }

    private static CompletableFuture<EmbeddedS3Server> startS3() {
        if (!EmbeddedS3Server.isAvailable()) {
            throw new IllegalStateException("Mode test starts an in-process S3-compatible server, which needs "
                    + "org.gaul:s3proxy on the class path: add it to this module's test dependencies");
        }
        return CompletableFuture.supplyAsync(EmbeddedS3Server::start);
    }

    private static Map<String, Object> embeddedConnection(EmbeddedServers servers, EmbeddedS3Server s3) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (s3 != null) {
            properties.put("agentbounty.storage.type", "s3");
            properties.put("agentbounty.storage.s3.endpoint", s3.endpoint().toString());
            properties.put("agentbounty.storage.s3.region", EmbeddedS3Server.REGION);
            properties.put("agentbounty.storage.s3.bucket", EmbeddedS3Server.BUCKET);
            properties.put("agentbounty.storage.s3.access-key-id", s3.accessKeyId());
            properties.put("agentbounty.storage.s3.secret-access-key", s3.secretAccessKey());
        }
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
                missing.add(environmentVariable(ours));
            } else {
                properties.put(springs, value);
            }
        });
        // Object storage is S3 (or R2, ...) in production unless someone chose the local folder on purpose.
        if (!"local".equalsIgnoreCase(environment.getProperty("agentbounty.storage.type", "s3").trim())) {
            properties.put("agentbounty.storage.type", "s3");
            for (String setting : List.of("endpoint", "region", "bucket", "access-key-id", "secret-access-key")) {
                String property = "agentbounty.storage.s3." + setting;
                String value = environment.getProperty(property);
                if (value == null || value.isBlank()) {
                    missing.add(environmentVariable(property));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Mode external needs these environment variables: " + String.join(", ", missing.stream().sorted().toList()));
        }
        return properties;
    }

    private static String environmentVariable(String property) {
        return property.toUpperCase().replace('.', '_').replace('-', '_');
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
