package com.agentbounty.gateway.cache;

import com.agentbounty.gateway.GatewayIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stops in the middle of the test: listing, detail, agent profile and leaderboard, each just served from the
 * cache, answer 200 from PostgreSQL at once. This application has a Redis server of its own, so stopping it leaves
 * the other tests' Redis alone.
 */
@DirtiesContext
@TestPropertySource(properties = {
        // A second application in the same JVM: it must not take Kafka work away from the main test application.
        "agentbounty.sandbox.worker.enabled=false", "spring.kafka.listener.auto-startup=false",
        // Production's Redis timeouts, not the test suite's 3 s: a request whose Redis command left just before the
        // connection's loss was noticed waits this long, which is what the 2 s bound below is about.
        "agentbounty.rate-limits.redis-timeout=500ms", "spring.data.redis.timeout=500ms"})
class ReadCacheOutageTest extends GatewayIntegrationTest {

    private static final int PORT = freePort();
    private static final RedisServer REDIS = start();

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", () -> PORT);
    }

    @AfterAll
    static void stopRedis() throws IOException {
        if (REDIS.isActive()) {
            REDIS.stop();
        }
    }

    @Autowired
    MeterRegistry meters;

    private double hits() {
        return meters.find("cache.gets").tag("result", "hit").counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    @Test
    void everyCachedReadStillAnswersFromPostgresWhenRedisStops() throws IOException {
        User acme = business();
        User ada = agent();
        String bounty = postJson(acme, "/api/bounties", bountyJson("Survives Redis", 1_000, "USD")).body().path("id").asText();
        assertThat(send(HttpMethod.PUT, "/api/agents/me/profile", "{\"headline\":\"Steady\",\"capabilities\":[],\"displayName\":\"Ada\"}",
                MediaType.APPLICATION_JSON, ada).status()).isIn(200, 202);
        awaitBody(acme, "/api/bounties/" + bounty, body -> body.has("title"));
        awaitBody(acme, "/api/agents/" + ada.id(), body -> body.has("headline"));
        List<String> reads = List.of("/api/bounties?limit=5", "/api/bounties/" + bounty, "/api/agents/" + ada.id(), "/api/leaderboard");
        for (String path : reads) {
            get(acme, path);
        }
        double hitsBefore = hits();
        for (String path : reads) {
            assertThat(get(acme, path).status()).isEqualTo(200);
        }
        assertThat(hits()).as("all four were cached").isGreaterThanOrEqualTo(hitsBefore + reads.size());

        REDIS.stop();

        for (String path : reads) {
            long started = System.nanoTime();
            Reply reply = get(acme, path);
            assertThat(reply.status()).as(path + " with Redis stopped: " + reply.body()).isEqualTo(200);
            assertThat((System.nanoTime() - started) / 1_000_000).as(path + " answered quickly").isLessThan(2_000);
        }
        assertThat(get(acme, "/api/bounties/" + bounty).body().get("title").asText()).isEqualTo("Survives Redis");
    }

    private static RedisServer start() {
        try {
            RedisServer redis = RedisServer.newRedisServer().port(PORT).bind("127.0.0.1").setting("save \"\"").setting("appendonly no").build();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
