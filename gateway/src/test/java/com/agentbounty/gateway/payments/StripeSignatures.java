package com.agentbounty.gateway.payments;

import com.stripe.net.Webhook;

/** Signs webhook payloads as Stripe does: {@code t=<unix seconds>,v1=<HMAC-SHA256 of "t.payload" with the endpoint secret>}. */
final class StripeSignatures {

    private StripeSignatures() {
    }

    static String sign(String payload, String secret, long timestamp) {
        try {
            return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String event(String eventId, String type, String escrowId, String intentId, String lastPaymentError) {
        return """
                {"id":"%s","object":"event","api_version":"2025-10-29.clover","created":1764450000,"livemode":false,
                 "pending_webhooks":1,"request":{"id":null,"idempotency_key":"%s:secure"},"type":"%s",
                 "data":{"object":{"id":"%s","object":"payment_intent","amount":25000,"amount_capturable":25000,
                  "capture_method":"manual","currency":"usd","latest_charge":"ch_%s","livemode":false,
                  "last_payment_error":%s,"metadata":{"escrow_id":"%s"},"status":"requires_capture","transfer_group":"%s"}}}"""
                .formatted(eventId, escrowId, type, intentId, intentId.substring(3), lastPaymentError, escrowId, escrowId);
    }
}
