package com.agentbounty.gateway.payments;

/**
 * The payment provider refused a call or could not be reached. {@code code} is the provider's own reason (for
 * example {@code card_declined}, {@code payment_intent_unexpected_state}); {@code retryable} says whether asking
 * again later (with the same idempotency key) can help: true for network errors and the provider's 5xx, false for
 * any refusal (4xx), which must be surfaced, never retried.
 */
public class PaymentProviderException extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public PaymentProviderException(String message, String code, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
