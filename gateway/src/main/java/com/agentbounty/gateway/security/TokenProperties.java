package com.agentbounty.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Signing keys and lifetimes of tokens. {@code keys} maps a key id to a base64 secret of at least 32 bytes; new tokens
 * are signed with {@code activeKeyId}, and tokens signed with any listed key stay valid, which is how keys rotate.
 * Keys come from the environment ({@code AGENTBOUNTY_SECURITY_TOKENS_KEYS_<ID>}), never from the repository.
 */
@ConfigurationProperties("agentbounty.security.tokens")
public record TokenProperties(String issuer,
                              String audience,
                              Duration accessTokenLifetime,
                              Duration refreshTokenLifetime,
                              Duration refreshFamilyLifetime,
                              String activeKeyId,
                              Map<String, String> keys) {
}
