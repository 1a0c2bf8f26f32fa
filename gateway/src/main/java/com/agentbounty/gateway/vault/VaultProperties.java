package com.agentbounty.gateway.vault;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * Vault keys: key id → base64 AES-256 key, from the environment ({@code AGENTBOUNTY_VAULT_KEYS_<ID>},
 * {@code AGENTBOUNTY_VAULT_ACTIVE_KEY_ID}). New secrets are sealed with the active key; older keys stay listed
 * until every value sealed with them has been re-sealed.
 */
@ConfigurationProperties("agentbounty.vault")
public record VaultProperties(String activeKeyId, Map<String, String> keys) {
}
