package com.agentbounty.gateway.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The HMAC keys that sign and verify access tokens, each with its key id. Without configured keys, and only outside
 * mode {@code external}, a random key is made for this process: tokens then die with it, which suits a local run.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final int MIN_KEY_BYTES = 32;

    private final JWKSet keys;
    private final String activeKeyId;

    private SigningKeys(JWKSet keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    public static SigningKeys from(TokenProperties properties, boolean externalMode) {
        Map<String, String> configured = properties.keys() == null ? Map.of() : properties.keys();
        if (configured.isEmpty()) {
            if (externalMode) {
                throw new IllegalStateException("Mode external needs signing keys: set AGENTBOUNTY_SECURITY_TOKENS_KEYS_<ID> "
                        + "(base64, at least 32 bytes) and AGENTBOUNTY_SECURITY_TOKENS_ACTIVE_KEY_ID");
            }
            byte[] secret = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(secret);
            String keyId = "ephemeral-" + UUID.randomUUID();
            log.warn("No token signing keys configured: using a random key for this process; tokens end with it");
            return new SigningKeys(new JWKSet(key(keyId, secret)), keyId);
        }
        List<com.nimbusds.jose.jwk.JWK> jwks = new ArrayList<>();
        configured.forEach((keyId, base64) -> {
            byte[] secret = Base64.getDecoder().decode(base64);
            if (secret.length < MIN_KEY_BYTES) {
                throw new IllegalStateException("Signing key " + keyId + " is shorter than " + MIN_KEY_BYTES + " bytes");
            }
            jwks.add(key(keyId, secret));
        });
        if (!configured.containsKey(properties.activeKeyId())) {
            throw new IllegalStateException("The active signing key id '" + properties.activeKeyId() + "' is not among the configured keys");
        }
        return new SigningKeys(new JWKSet(jwks), properties.activeKeyId());
    }

    private static OctetSequenceKey key(String keyId, byte[] secret) {
        return new OctetSequenceKey.Builder(secret).keyID(keyId).keyUse(KeyUse.SIGNATURE).build();
    }

    public JWKSet keys() {
        return keys;
    }

    public String activeKeyId() {
        return activeKeyId;
    }
}
