package com.agentbounty.gateway.payments;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

/** Delivers Stripe webhooks to the application as Stripe does (signed with the endpoint secret), and waits for their effects. */
abstract class StripeWebhookDeliveries extends GatewayIntegrationTest {

    /** How long a flow may take to get somewhere: several event processors in a row, on a busy machine. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static final String PATH = "/api/webhooks/stripe";

    protected Reply deliver(String payload, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            headers.set("Stripe-Signature", signature);
        }
        ResponseEntity<String> response = http.exchange(PATH, HttpMethod.POST, new HttpEntity<>(payload, headers), String.class);
        try {
            return new Reply(response.getStatusCode().value(), json.readTree(response.getBody()), response.getHeaders());
        } catch (Exception e) {
            throw new AssertionError("Not JSON (" + response.getStatusCode() + "): " + response.getBody(), e);
        }
    }

    protected Reply deliverSigned(String payload) {
        return deliver(payload, StripeSignatures.sign(payload, STRIPE_WEBHOOK_SECRET, Instant.now().getEpochSecond()));
    }

    protected static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    protected Reply eventually(User as, String path, Predicate<Reply> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Reply reply = get(as, path);
        while (!condition.test(reply) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply = get(as, path);
        }
        return reply;
    }

    protected static Predicate<Reply> status(String status) {
        return reply -> status.equals(reply.body().path("status").asText());
    }

    /** An {@code account.updated} event of a connected account; it can receive transfers when {@code enabled}. */
    protected static String accountUpdated(String eventId, String account, boolean enabled) {
        return """
                {"id":"%s","object":"event","api_version":"2025-10-29.clover","created":1764450000,"livemode":false,
                 "pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"account.updated",
                 "data":{"object":{"id":"%s","object":"account","type":"express","charges_enabled":%s,"payouts_enabled":%s,
                  "details_submitted":%s,"capabilities":{"transfers":"%s"},"metadata":{}}}}"""
                .formatted(eventId, account, enabled, enabled, enabled, enabled ? "active" : "inactive");
    }
}
