package com.agentbounty.gateway.payments;

import com.agentbounty.gateway.error.ApiException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import org.springframework.http.HttpStatus;

import java.time.Clock;
import java.util.Map;

/**
 * Checks a Stripe webhook: the {@code Stripe-Signature} header must sign the raw body with the endpoint's secret, and
 * its timestamp must lie within {@value #TOLERANCE_SECONDS} s of now, in the past (stripe-java checks that) and in
 * the future too (this class does, since stripe-java does not): a replayed or forged delivery is refused.
 */
public class StripeWebhookVerifier {

    public static final long TOLERANCE_SECONDS = 300;

    private final String secret;
    private final Clock clock;

    public StripeWebhookVerifier(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** @throws ApiException 400 {@code INVALID_SIGNATURE} when the delivery is not provably Stripe's, now */
    public Event verify(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw refused("The Stripe-Signature header is missing");
        }
        long timestamp = timestampOf(signatureHeader);
        long now = clock.instant().getEpochSecond();
        if (timestamp > now + TOLERANCE_SECONDS) {
            throw refused("The signature's timestamp lies in the future");
        }
        if (timestamp < now - TOLERANCE_SECONDS) {
            throw refused("The signature's timestamp is too old");
        }
        try {
            return Webhook.constructEvent(payload, signatureHeader, secret, TOLERANCE_SECONDS);
        } catch (SignatureVerificationException e) {
            throw refused("The signature does not match the payload");
        } catch (RuntimeException e) {
            // A correctly signed body that is not an event (stripe-java's JSON parser failed).
            throw refused("The payload is not a Stripe event");
        }
    }

    private static long timestampOf(String header) {
        for (String item : header.split(",")) {
            String[] pair = item.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    return Long.parseLong(pair[1].trim());
                } catch (NumberFormatException e) {
                    throw refused("The signature's timestamp is not a number");
                }
            }
        }
        throw refused("The Stripe-Signature header has no timestamp");
    }

    private static ApiException refused(String why) {
        return new ApiException(HttpStatus.BAD_REQUEST, "INVALID_SIGNATURE", why, Map.of());
    }
}
