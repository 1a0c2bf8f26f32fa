package com.agentbounty.gateway.identity;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.security.Role;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Table {@code user_account}. Emails are unique without regard to case. */
@Repository
class UserAccounts {

    private final NamedParameterJdbcTemplate jdbc;

    UserAccounts(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the new account, or empty when the email is taken */
    Optional<UserAccount> create(String email, String displayName, Role role, String passwordHash, Instant now) {
        UserId id = new UserId(UUID.randomUUID().toString());
        try {
            jdbc.update("""
                    INSERT INTO user_account (user_id, email, display_name, role, password_hash, created_at)
                    VALUES (:id, :email, :name, :role, :hash, :now)""",
                    new MapSqlParameterSource("id", id.value()).addValue("email", email).addValue("name", displayName)
                            .addValue("role", role.name()).addValue("hash", passwordHash).addValue("now", Timestamp.from(now)));
        } catch (DuplicateKeyException taken) {
            return Optional.empty();
        }
        return Optional.of(new UserAccount(id, email, displayName, role, passwordHash, now, 0, null));
    }

    Optional<UserAccount> byEmail(String email) {
        return jdbc.query("SELECT * FROM user_account WHERE lower(email) = lower(:email)", new MapSqlParameterSource("email", email), ROW)
                .stream().findFirst();
    }

    Optional<UserAccount> byId(UserId id) {
        return jdbc.query("SELECT * FROM user_account WHERE user_id = :id", new MapSqlParameterSource("id", id.value()), ROW)
                .stream().findFirst();
    }

    List<UserAccount> all() {
        return jdbc.query("SELECT * FROM user_account ORDER BY created_at", ROW);
    }

    boolean anyWithRole(Role role) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM user_account WHERE role = :role)",
                new MapSqlParameterSource("role", role.name()), Boolean.class));
    }

    /**
     * Counts a failed password; the failure that reaches {@code maxFailures} locks the account for {@code lockout}.
     *
     * @return true when this failure locked the account
     */
    boolean recordFailedLogin(UserId id, int maxFailures, Duration lockout, Instant now) {
        // One statement, so concurrent failures cannot both read the same count.
        Boolean locked = jdbc.queryForObject("""
                UPDATE user_account
                SET failed_logins = CASE WHEN failed_logins + 1 >= :max THEN 0 ELSE failed_logins + 1 END,
                    locked_until  = CASE WHEN failed_logins + 1 >= :max THEN :until ELSE locked_until END
                WHERE user_id = :id
                RETURNING locked_until = :until""",
                new MapSqlParameterSource("id", id.value()).addValue("max", maxFailures)
                        .addValue("until", Timestamp.from(now.plus(lockout))), Boolean.class);
        return Boolean.TRUE.equals(locked);
    }

    void changeRole(UserId id, Role role) {
        jdbc.update("UPDATE user_account SET role = :role WHERE user_id = :id",
                new MapSqlParameterSource("id", id.value()).addValue("role", role.name()));
    }

    void recordSuccessfulLogin(UserId id, String passwordHash) {
        jdbc.update("UPDATE user_account SET failed_logins = 0, locked_until = NULL, password_hash = :hash WHERE user_id = :id",
                new MapSqlParameterSource("id", id.value()).addValue("hash", passwordHash));
    }

    private static final RowMapper<UserAccount> ROW = (rs, row) -> new UserAccount(
            new UserId(rs.getString("user_id")),
            rs.getString("email"),
            rs.getString("display_name"),
            Role.valueOf(rs.getString("role")),
            rs.getString("password_hash"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getInt("failed_logins"),
            rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant());
}
