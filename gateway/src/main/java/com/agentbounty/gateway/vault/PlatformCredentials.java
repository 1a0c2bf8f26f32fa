package com.agentbounty.gateway.vault;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Table {@code platform_credential}: the platform's own provider API keys, for the sandbox worker's AI review
 * ({@code agentbounty.review.providers[].credential: vault:<name>}), sealed like agents' credentials; only admins
 * store them, nobody reads them back through the API, and only {@link VaultProviderKeys} opens them.
 */
@Repository
class PlatformCredentials {

    private final NamedParameterJdbcTemplate jdbc;
    private final CredentialVault vault;

    PlatformCredentials(NamedParameterJdbcTemplate jdbc, CredentialVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    AgentCredentials.CredentialSummary store(String name, String provider, String secret, Instant now) {
        CredentialVault.Sealed sealed = vault.seal(secret.getBytes(StandardCharsets.UTF_8), context(name));
        String hint = AgentCredentials.hint(secret);
        jdbc.update("""
                INSERT INTO platform_credential (name, provider, key_id, nonce, ciphertext, hint, stored_at)
                VALUES (:name, :provider, :keyId, :nonce, :ciphertext, :hint, :now)
                ON CONFLICT (name) DO UPDATE SET provider = :provider, key_id = :keyId, nonce = :nonce,
                    ciphertext = :ciphertext, hint = :hint, stored_at = :now""",
                new MapSqlParameterSource("name", name).addValue("provider", provider)
                        .addValue("keyId", sealed.keyId()).addValue("nonce", sealed.nonce()).addValue("ciphertext", sealed.ciphertext())
                        .addValue("hint", hint).addValue("now", Timestamp.from(now)));
        return new AgentCredentials.CredentialSummary(name, provider, hint, now);
    }

    List<AgentCredentials.CredentialSummary> list() {
        return jdbc.query("SELECT name, provider, hint, stored_at FROM platform_credential ORDER BY name", AgentCredentials.SUMMARY);
    }

    /** The key itself, for a provider call; never for an API answer. */
    Optional<String> reveal(String name) {
        return jdbc.query("SELECT key_id, nonce, ciphertext FROM platform_credential WHERE name = :name",
                        new MapSqlParameterSource("name", name),
                        (rs, row) -> new CredentialVault.Sealed(rs.getString("key_id"), rs.getBytes("nonce"), rs.getBytes("ciphertext")))
                .stream().findFirst()
                .map(sealed -> new String(vault.unseal(sealed, context(name)), StandardCharsets.UTF_8));
    }

    boolean delete(String name) {
        return jdbc.update("DELETE FROM platform_credential WHERE name = :name", new MapSqlParameterSource("name", name)) > 0;
    }

    /** Bound to its name, and apart from every agent's credentials (whose context is owner/name). */
    private static byte[] context(String name) {
        return ("platform:" + name).getBytes(StandardCharsets.UTF_8);
    }
}
