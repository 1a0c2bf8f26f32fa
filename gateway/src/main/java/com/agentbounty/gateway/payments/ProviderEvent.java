package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.EscrowId;

import java.time.Instant;

/**
 * An asynchronous word from the payment provider (Stripe's webhooks, or the simulator's deliveries), reduced to
 * what the money flow needs. {@code eventId} is the provider's own id: the same event delivered twice has the same id.
 * {@code authorisedUntil} is when a secured card hold lapses unless captured (null for a charge and for failures).
 */
public record ProviderEvent(String eventId, Kind kind, EscrowId escrowId, String detail, Instant authorisedUntil) {

    public enum Kind {
        /** The money is held or charged; {@code detail} is the provider's reference. */
        SECURED,
        /** The payment was refused; {@code detail} is the provider's reason, such as card_declined. */
        FAILED
    }

    public static ProviderEvent secured(String eventId, EscrowId escrow, String reference, Instant authorisedUntil) {
        return new ProviderEvent(eventId, Kind.SECURED, escrow, reference, authorisedUntil);
    }

    public static ProviderEvent failed(String eventId, EscrowId escrow, String reason) {
        return new ProviderEvent(eventId, Kind.FAILED, escrow, reason, null);
    }
}
