package com.agentbounty.gateway.payments;

import com.agentbounty.gateway.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeWebhookVerifierTest {

    private static final String SECRET = "whsec_unit_test";
    private final long now = Instant.now().getEpochSecond();
    private final StripeWebhookVerifier verifier = new StripeWebhookVerifier(SECRET, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
    private final String payload = StripeSignatures.event("evt_1Unit", "payment_intent.succeeded", "escrow-1", "pi_1Unit", "null");

    private void assertRefused(String body, String header, String why) {
        assertThatThrownBy(() -> verifier.verify(body, header))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.status().value()).isEqualTo(400);
                    assertThat(refused.code()).isEqualTo("INVALID_SIGNATURE");
                    assertThat(refused.getMessage()).contains(why);
                });
    }

    @Test
    void aFreshCorrectlySignedEventIsAccepted() {
        assertThat(verifier.verify(payload, StripeSignatures.sign(payload, SECRET, now - 10)).getId()).isEqualTo("evt_1Unit");
        assertThat(verifier.verify(payload, StripeSignatures.sign(payload, SECRET, now + 10)).getType()).isEqualTo("payment_intent.succeeded");
    }

    @Test
    void aSignatureWithAnotherSecretIsRefused() {
        assertRefused(payload, StripeSignatures.sign(payload, "whsec_forger", now), "does not match");
    }

    @Test
    void aSignedPayloadThatWasAlteredIsRefused() {
        String header = StripeSignatures.sign(payload, SECRET, now);
        assertRefused(payload.replace("25000", "99999"), header, "does not match");
    }

    @Test
    void aSignatureOlderThanFiveMinutesIsRefused() {
        assertRefused(payload, StripeSignatures.sign(payload, SECRET, now - 301), "too old");
    }

    @Test
    void aSignatureMoreThanFiveMinutesInTheFutureIsRefused() {
        assertRefused(payload, StripeSignatures.sign(payload, SECRET, now + 301), "future");
    }

    @Test
    void aMissingOrMalformedHeaderIsRefused() {
        assertRefused(payload, null, "missing");
        assertRefused(payload, "v1=abc", "no timestamp");
        assertRefused(payload, "t=soon,v1=abc", "not a number");
    }
}
