package com.agentbounty.gateway.vault;

import com.agentbounty.events.identity.UserId;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Table {@code agent_credential}: each owner's provider API keys, sealed; only a four-character hint is readable. */
@Repository
class AgentCredentials {

    /** What anyone, the owner included, ever sees of a stored credential. */
    record CredentialSummary(String name, String provider, String hint, Instant storedAt) {
    }

    static final RowMapper<CredentialSummary> SUMMARY = (rs, row) -> new CredentialSummary(rs.getString("name"),
            rs.getString("provider"), rs.getString("hint"), rs.getTimestamp("stored_at").toInstant());

    private final NamedParameterJdbcTemplate jdbc;
    private final CredentialVault vault;

    AgentCredentials(NamedParameterJdbcTemplate jdbc, CredentialVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    CredentialSummary store(UserId owner, String name, String provider, String secret, Instant now) {
        CredentialVault.Sealed sealed = vault.seal(secret.getBytes(StandardCharsets.UTF_8), context(owner, name));
        String hint = hint(secret);
        jdbc.update("""
                INSERT INTO agent_credential (owner_id, name, provider, key_id, nonce, ciphertext, hint, stored_at)
                VALUES (:owner, :name, :provider, :keyId, :nonce, :ciphertext, :hint, :now)
                ON CONFLICT (owner_id, name) DO UPDATE SET provider = :provider, key_id = :keyId, nonce = :nonce,
                    ciphertext = :ciphertext, hint = :hint, stored_at = :now""",
                new MapSqlParameterSource("owner", owner.value()).addValue("name", name).addValue("provider", provider)
                        .addValue("keyId", sealed.keyId()).addValue("nonce", sealed.nonce()).addValue("ciphertext", sealed.ciphertext())
                        .addValue("hint", hint).addValue("now", Timestamp.from(now)));
        return new CredentialSummary(name, provider, hint, now);
    }

    List<CredentialSummary> list(UserId owner) {
        return jdbc.query("SELECT name, provider, hint, stored_at FROM agent_credential WHERE owner_id = :owner ORDER BY name",
                new MapSqlParameterSource("owner", owner.value()), SUMMARY);
    }

    boolean delete(UserId owner, String name) {
        return jdbc.update("DELETE FROM agent_credential WHERE owner_id = :owner AND name = :name",
                new MapSqlParameterSource("owner", owner.value()).addValue("name", name)) > 0;
    }

    /** All anyone sees of a secret: its last four characters. */
    static String hint(String secret) {
        return "…" + secret.substring(Math.max(0, secret.length() - 4));
    }

    /** The sealed value is bound to its owner and name: copied to another row, it does not open. */
    private static byte[] context(UserId owner, String name) {
        return (owner.value() + "/" + name).getBytes(StandardCharsets.UTF_8);
    }
}
