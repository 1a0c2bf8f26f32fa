package com.agentbounty.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The whole application on the embedded PostgreSQL, Redis and Kafka, driven through HTTP. Every subclass shares
 * one Spring context (same configuration), so the suite starts the application once. Metrics export stays on
 * (Spring Boot turns it off in tests by default) because {@code /api/metrics} is part of what is tested.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
public abstract class GatewayIntegrationTest {

    @Autowired
    protected TestRestTemplate http;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected ObjectMapper json;

    protected record Reply(int status, JsonNode body, HttpHeaders headers) {
    }

    protected Reply send(HttpMethod method, String path, String body, MediaType contentType) {
        HttpHeaders headers = new HttpHeaders();
        if (contentType != null) {
            headers.setContentType(contentType);
        }
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
        try {
            JsonNode parsed = response.getBody() == null ? json.nullNode() : json.readTree(response.getBody());
            return new Reply(response.getStatusCode().value(), parsed, response.getHeaders());
        } catch (Exception e) {
            throw new AssertionError("Not JSON (" + response.getStatusCode() + "): " + response.getBody(), e);
        }
    }

    protected Reply postJson(String path, String body) {
        return send(HttpMethod.POST, path, body, MediaType.APPLICATION_JSON);
    }

    protected Reply get(String path) {
        return send(HttpMethod.GET, path, null, null);
    }

    /** A valid draft body; {@code title} makes each bounty recognisable. */
    protected static String bountyJson(String title, long amount, String currency) {
        return """
                {"title":"%s","description":"Extract totals from invoices","reward":{"amount":%d,"currency":"%s"},
                 "deadline":"%s","tags":["pdf","parsing"]}""".formatted(title, amount, currency, inTenDays());
    }

    protected static String inTenDays() {
        return Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    protected long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
