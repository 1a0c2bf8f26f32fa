package com.agentbounty.infrastructure.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Real PostgreSQL 17, Redis and a Kafka KRaft broker running inside (or beside) this JVM, each on a free port.
 * They start in parallel, because start-up time is what a developer waits for on every run.
 */
public final class EmbeddedServers implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final RedisServer redis;
    private final int redisPort;
    private final EmbeddedKafkaKraftBroker kafka;

    private final long startMillis;

    private EmbeddedServers(EmbeddedPostgres postgres, RedisServer redis, int redisPort, EmbeddedKafkaKraftBroker kafka, long startMillis) {
        this.postgres = postgres;
        this.redis = redis;
        this.redisPort = redisPort;
        this.kafka = kafka;
        this.startMillis = startMillis;
    }

    /**
     * @param postgresDataDirectory where PostgreSQL keeps its files; an existing cluster there is reused
     * @param durable               false trades crash safety for speed (tests); true keeps every commit (local runs)
     */
    public static EmbeddedServers start(Path postgresDataDirectory, boolean durable) {
        long started = System.nanoTime();
        var postgres = CompletableFuture.supplyAsync(() -> startPostgres(postgresDataDirectory, durable));
        var redisPort = freePort();
        var redis = CompletableFuture.supplyAsync(() -> startRedis(redisPort));
        var kafka = CompletableFuture.supplyAsync(EmbeddedServers::startKafka);
        CompletableFuture.allOf(postgres, redis, kafka).join();
        return new EmbeddedServers(postgres.join(), redis.join(), redisPort, kafka.join(), (System.nanoTime() - started) / 1_000_000);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int redisPort() {
        return redisPort;
    }

    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL on port %d, Redis on port %d, Kafka at %s (started in %d ms)"
                .formatted(postgres.getPort(), redisPort, kafkaBootstrapServers(), startMillis);
    }

    @Override
    public void close() {
        kafka.destroy();
        try {
            redis.stop();
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres startPostgres(Path dataDirectory, boolean durable) {
        try {
            Files.createDirectories(dataDirectory);
            var builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    // Each transaction's commit time, for pg_xact_commit_timestamp: the projection lag benchmark reads
                    // the lag from the event's commit to the read model's (docs/benchmarks.md); costs a few bytes a commit.
                    .setServerConfig("track_commit_timestamp", "on");
            if (!durable) {
                builder.setServerConfig("fsync", "off")
                       .setServerConfig("synchronous_commit", "off")
                       .setServerConfig("full_page_writes", "off");
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start in " + dataDirectory, e);
        }
    }

    private static RedisServer startRedis(int port) {
        try {
            var redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Redis did not start on port " + port, e);
        }
    }

    private static EmbeddedKafkaKraftBroker startKafka() {
        var kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperty("auto.create.topics.enable", "true");
        kafka.afterPropertiesSet();
        return kafka;
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
