package com.agentbounty.gateway.payments;

import com.agentbounty.events.escrow.EscrowId;

/**
 * An asynchronous word from the payment provider (Stripe's webhooks, or the simulator's deliveries), reduced to
 * what the money flow needs. {@code eventId} is the provider's own id: the same event delivered twice has the same id.
 */
public record ProviderEvent(String eventId, Kind kind, EscrowId escrowId, String detail) {

    public enum Kind {
        /** The money is held or charged; {@code detail} is the provider's reference. */
        SECURED,
        /** The payment was refused; {@code detail} is the provider's reason, such as card_declined. */
        FAILED
    }
}
