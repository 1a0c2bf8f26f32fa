package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.sagas.bounty.PaymentProvider;
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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe's webhooks. The signature on the raw body is the permission (no session, no token, so no CSRF either); the
 * Stripe rate limiter applies. A verified event about a PaymentIntent of ours becomes a {@link ProviderEvent} with
 * Stripe's event id, so {@link ProviderEvents} acts on it once however often, and in whatever order, it arrives;
 * {@code account.updated} for a connected account able to receive transfers activates its agent's payout account.
 * Other event types are acknowledged and ignored.
 */
@RestController
class StripeWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final StripeWebhookVerifier verifier;
    private final ProviderEvents events;
    private final PaymentProvider provider;
    private final ObjectMapper json;

    StripeWebhookController(@Value("${agentbounty.payments.stripe.webhook-secret:}") String secret, Clock clock, ProviderEvents events,
                            PaymentProvider provider, ObjectMapper json) {
        this.verifier = secret.isBlank() ? null : new StripeWebhookVerifier(secret, clock);
        this.events = events;
        this.provider = provider;
        this.json = json;
    }

    /**
     * {@code duplicate}: this event was handled before, so nothing changed now. {@code outcome}: ACTED, DUPLICATE,
     * NOT_OURS (an escrow or connected account unknown here: recorded, acknowledged, never acted on) or IGNORED (a
     * type the money flow does not use).
     */
    record Received(boolean received, boolean duplicate, String outcome) {

        static Received of(ProviderEvents.Outcome outcome) {
            return new Received(true, outcome.duplicate(), outcome.name());
        }
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
        JsonNode object = objectOf(payload);
        Optional<ProviderEvents.Outcome> outcome = event.getType().equals("account.updated")
                ? accountUpdated(event.getId(), object)
                : translate(event.getId(), event.getType(), object).map(events::handle);
        log.debug("Stripe event {} ({}): {}", event.getId(), event.getType(), outcome.map(Enum::name).orElse("ignored"));
        return outcome.map(Received::of).orElseGet(() -> new Received(true, false, "IGNORED"));
    }

    /** A connected account that can receive transfers (transfers capability active, payouts enabled) activates its agent's payout account. */
    private Optional<ProviderEvents.Outcome> accountUpdated(String eventId, JsonNode account) {
        boolean canReceive = account.path("payouts_enabled").asBoolean(false)
                && "active".equals(account.path("capabilities").path("transfers").asText());
        if (!canReceive) {
            return Optional.empty();
        }
        return Optional.of(events.payoutAccountActivated(eventId, account.path("id").asText()));
    }

    private JsonNode objectOf(String payload) {
        try {
            return json.readTree(payload).path("data").path("object");
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", "The event's body is not JSON", Map.of());
        }
    }

    /**
     * The provider event a verified Stripe event about a PaymentIntent stands for, if the money flow cares about it.
     * A card hold's lapse time ({@code capture_before}) is on its charge, which the event does not carry: it is read
     * from Stripe.
     */
    private Optional<ProviderEvent> translate(String eventId, String type, JsonNode intent) {
        ProviderEvent.Kind kind = switch (type) {
            case "payment_intent.amount_capturable_updated", "payment_intent.succeeded" -> ProviderEvent.Kind.SECURED;
            case "payment_intent.payment_failed" -> ProviderEvent.Kind.FAILED;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        String escrowId = intent.path("metadata").path(StripePaymentProvider.ESCROW_ID).asText("");
        if (escrowId.isBlank()) {
            return Optional.empty(); // a PaymentIntent that is not an escrow's: not ours to act on
        }
        EscrowId escrow = new EscrowId(escrowId);
        if (kind == ProviderEvent.Kind.FAILED) {
            return Optional.of(ProviderEvent.failed(eventId, escrow, declineReason(intent)));
        }
        String intentId = intent.path("id").asText();
        boolean hold = "manual".equals(intent.path("capture_method").asText());
        Instant authorisedUntil = hold && provider instanceof StripePaymentProvider stripe ? stripe.authorisedUntil(intentId) : null;
        return Optional.of(ProviderEvent.secured(eventId, escrow, intentId, authorisedUntil));
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
