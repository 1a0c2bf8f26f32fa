package com.agentbounty.gateway.identity;

import com.agentbounty.events.identity.UserId;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh tokens: 256 random bits handed to the client once, kept only as their SHA-256. Each use rotates the token;
 * a token used twice means someone else holds a copy, so the whole family (every token descended from that login)
 * is revoked. A family also ends at an absolute lifetime, however often it was rotated.
 */
@Repository
class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NamedParameterJdbcTemplate jdbc;

    RefreshTokens(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Starts a new family (a login). */
    String issue(UserId user, Duration lifetime, Duration familyLifetime, Instant now) {
        return store(user, UUID.randomUUID().toString(), now.plus(lifetime), now.plus(familyLifetime), now);
    }

    /** What presenting a refresh token led to. */
    sealed interface Rotation {
        /** The token was good: here is its successor. */
        record Rotated(UserId user, String token) implements Rotation {
        }

        /** The token had been used before: its whole family is now revoked. */
        record Reused(UserId user) implements Rotation {
        }

        /** Unknown, expired or revoked. */
        record Refused() implements Rotation {
        }
    }

    /** Exchanges a token for its successor in the same family, or revokes the family when the token is replayed. */
    @Transactional
    Rotation rotate(String token, Duration lifetime, Instant now) {
        Map<String, Object> row = jdbc.query("SELECT * FROM refresh_token WHERE token_hash = :hash FOR UPDATE",
                new MapSqlParameterSource("hash", hash(token)), rs -> rs.next() ? Map.of(
                        "family", rs.getString("family_id"),
                        "user", rs.getString("user_id"),
                        "expires", rs.getTimestamp("expires_at").toInstant(),
                        "familyExpires", rs.getTimestamp("family_expires_at").toInstant(),
                        "rotated", rs.getTimestamp("rotated_at") != null,
                        "revoked", rs.getTimestamp("revoked_at") != null) : null);
        if (row == null) {
            return new Rotation.Refused();
        }
        String family = (String) row.get("family");
        UserId user = new UserId((String) row.get("user"));
        if ((Boolean) row.get("rotated")) {
            revokeFamily(family, now);
            return new Rotation.Reused(user);
        }
        Instant familyExpires = (Instant) row.get("familyExpires");
        if ((Boolean) row.get("revoked") || !((Instant) row.get("expires")).isAfter(now) || !familyExpires.isAfter(now)) {
            return new Rotation.Refused();
        }
        jdbc.update("UPDATE refresh_token SET rotated_at = :now WHERE token_hash = :hash",
                new MapSqlParameterSource("hash", hash(token)).addValue("now", Timestamp.from(now)));
        Instant expires = now.plus(lifetime).isBefore(familyExpires) ? now.plus(lifetime) : familyExpires;
        return new Rotation.Rotated(user, store(user, family, expires, familyExpires, now));
    }

    /**
     * Logout: ends the family the token belongs to. Unknown tokens are ignored, so logout never reveals anything.
     *
     * @return the family's user, when the token was known
     */
    Optional<UserId> revokeFamilyOf(String token, Instant now) {
        Optional<UserId> user = jdbc.query("SELECT user_id FROM refresh_token WHERE token_hash = :hash",
                new MapSqlParameterSource("hash", hash(token)), (rs, row) -> new UserId(rs.getString("user_id"))).stream().findFirst();
        jdbc.update("""
                UPDATE refresh_token SET revoked_at = :now
                WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_token WHERE token_hash = :hash)""",
                new MapSqlParameterSource("hash", hash(token)).addValue("now", Timestamp.from(now)));
        return user;
    }

    private void revokeFamily(String family, Instant now) {
        jdbc.update("UPDATE refresh_token SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL",
                new MapSqlParameterSource("family", family).addValue("now", Timestamp.from(now)));
    }

    private String store(UserId user, String family, Instant expires, Instant familyExpires, Instant now) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.update("""
                INSERT INTO refresh_token (token_hash, family_id, user_id, issued_at, expires_at, family_expires_at)
                VALUES (:hash, :family, :user, :now, :expires, :familyExpires)""",
                new MapSqlParameterSource("hash", hash(token)).addValue("family", family).addValue("user", user.value())
                        .addValue("now", Timestamp.from(now)).addValue("expires", Timestamp.from(expires))
                        .addValue("familyExpires", Timestamp.from(familyExpires)));
        return token;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
