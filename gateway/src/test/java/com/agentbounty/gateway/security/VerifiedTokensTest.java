package com.agentbounty.gateway.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Remembering verified tokens: never a token that failed, and never past its validity. */
class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();

    private static Jwt jwt(String token, Instant expires) {
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("user-1").issuedAt(expires.minus(Duration.ofMinutes(15)))
                .expiresAt(expires).build();
    }

    private JwtDecoder verifier(Instant expires) {
        return token -> {
            verifications.incrementAndGet();
            if (!token.startsWith("good")) {
                throw new BadJwtException("bad signature");
            }
            return jwt(token, expires);
        };
    }

    private static JwtTimestampValidator validatorAt(Instant now) {
        var validator = new JwtTimestampValidator(Duration.ZERO);
        validator.setClock(Clock.fixed(now, ZoneOffset.UTC));
        return validator;
    }

    @Test
    void aVerifiedTokenIsVerifiedOnceThenRemembered() {
        var tokens = new VerifiedTokens(verifier(NOW.plusSeconds(600)), validatorAt(NOW), 10);

        assertThat(tokens.decode("good-1").getSubject()).isEqualTo("user-1");
        assertThat(tokens.decode("good-1").getSubject()).isEqualTo("user-1");

        assertThat(verifications).hasValue(1);
    }

    @Test
    void aTokenThatFailedVerificationIsNeverRemembered() {
        var tokens = new VerifiedTokens(verifier(NOW.plusSeconds(600)), validatorAt(NOW), 10);

        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItHasExpired() {
        var validator = validatorAt(NOW);
        var tokens = new VerifiedTokens(verifier(NOW.plusSeconds(60)), validator, 10);
        tokens.decode("good-1");

        validator.setClock(Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));

        assertThatThrownBy(() -> tokens.decode("good-1")).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void aFullMemoryForgetsAndVerifiesAfresh() {
        var tokens = new VerifiedTokens(verifier(NOW.plusSeconds(600)), validatorAt(NOW), 2);
        tokens.decode("good-1");
        tokens.decode("good-2");

        tokens.decode("good-3"); // full: forgets good-1 and good-2
        tokens.decode("good-1");

        assertThat(verifications).hasValue(4);
    }
}
