package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.gateway.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.model.Event;
import jakarta.annotation.security.PermitAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe's webhooks. The signature on the raw body is the permission (no session, no token, so no CSRF either); the
 * Stripe rate limiter applies. A verified event about a PaymentIntent of ours becomes a {@link ProviderEvent} with
 * Stripe's event id, so {@link ProviderEvents} acts on it once however often, and in whatever order, it arrives.
 * Other event types are acknowledged and ignored.
 */
@RestController
class StripeWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final StripeWebhookVerifier verifier;
    private final ProviderEvents events;
    private final ObjectMapper json;

    StripeWebhookController(@Value("${agentbounty.payments.stripe.webhook-secret:}") String secret, Clock clock, ProviderEvents events,
                            ObjectMapper json) {
        this.verifier = secret.isBlank() ? null : new StripeWebhookVerifier(secret, clock);
        this.events = events;
        this.json = json;
    }

    /** {@code duplicate}: this event was acted on before (or is not one the money flow acts on), so nothing changed now. */
    record Received(boolean received, boolean duplicate) {
    }

    @PermitAll
    @PostMapping("/api/webhooks/stripe")
    Received receive(@RequestBody(required = false) byte[] body,
                     @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        if (verifier == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "Stripe webhooks are not configured here", Map.of());
        }
        String payload = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        Event event = verifier.verify(payload, signature);
        Optional<ProviderEvent> providerEvent = translate(event.getId(), event.getType(), payload);
        if (providerEvent.isEmpty()) {
            log.debug("Stripe event {} ({}) ignored", event.getId(), event.getType());
            return new Received(true, false);
        }
        boolean acted = events.handle(providerEvent.get());
        log.debug("Stripe event {} ({}) {}", event.getId(), event.getType(), acted ? "acted on" : "seen before");
        return new Received(true, !acted);
    }

    /** The provider event a verified Stripe event stands for, if the money flow cares about it. */
    Optional<ProviderEvent> translate(String eventId, String type, String payload) {
        ProviderEvent.Kind kind = switch (type) {
            case "payment_intent.amount_capturable_updated", "payment_intent.succeeded" -> ProviderEvent.Kind.SECURED;
            case "payment_intent.payment_failed" -> ProviderEvent.Kind.FAILED;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        JsonNode intent;
        try {
            intent = json.readTree(payload).path("data").path("object");
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", "The event's body is not JSON", Map.of());
        }
        String escrowId = intent.path("metadata").path(StripePaymentProvider.ESCROW_ID).asText("");
        if (escrowId.isBlank()) {
            return Optional.empty(); // a PaymentIntent that is not an escrow's: not ours to act on
        }
        String detail = kind == ProviderEvent.Kind.SECURED ? intent.path("id").asText() : declineReason(intent);
        return Optional.of(new ProviderEvent(eventId, kind, new EscrowId(escrowId), detail));
    }

    /** As the adapter words a refusal: {@code card_declined}, or {@code card_declined (insufficient_funds)}. */
    private static String declineReason(JsonNode intent) {
        JsonNode error = intent.path("last_payment_error");
        String code = error.path("code").asText("");
        String declineCode = error.path("decline_code").asText("");
        if (code.isBlank()) {
            return declineCode.isBlank() ? "payment_failed" : declineCode;
        }
        return declineCode.isBlank() || declineCode.equals(code) ? code : code + " (" + declineCode + ")";
    }
}
