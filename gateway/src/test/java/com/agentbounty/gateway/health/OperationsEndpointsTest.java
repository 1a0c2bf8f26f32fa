package com.agentbounty.gateway.health;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** What operations sees: health per server, readiness, and Prometheus metrics. */
class OperationsEndpointsTest extends GatewayIntegrationTest {

    @Test
    void healthShowsPostgresRedisAndKafkaEachUp() {
        Reply health = get(null, "/api/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        assertThat(health.body().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.body().at("/components/redis/status").asText()).isEqualTo("UP");
        assertThat(health.body().at("/components/kafka/status").asText()).isEqualTo("UP");
    }

    @Test
    void aStartedApplicationIsReady() {
        Reply ready = get(null, "/api/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() {
        get(business(), "/api/bounties");

        ResponseEntity<String> metrics = http.getForEntity("/api/metrics", String.class);

        assertThat(metrics.getStatusCode().value()).isEqualTo(200);
        assertThat(metrics.getHeaders().getContentType().toString()).startsWith("text/plain");
        assertThat(metrics.getBody()).contains("# TYPE http_server_requests_seconds").contains("uri=\"/api/bounties\"");
    }
}
