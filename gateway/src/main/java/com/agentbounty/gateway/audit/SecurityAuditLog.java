package com.agentbounty.gateway.audit;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Appends to table {@code security_audit_log} and reads it back, newest first, for auditors. */
@Component
public class SecurityAuditLog {

    public enum Action {
        USER_SIGNED_UP, USER_CREATED_BY_ADMIN, ROLE_CHANGED, ACCOUNT_LOCKED, REFRESH_TOKEN_REUSED, LOGGED_OUT,
        CREDENTIAL_STORED, CREDENTIAL_DELETED,
        PROJECTION_REBUILD_STARTED
    }

    public record Entry(long id, Instant occurredAt, String action, String actorId, String subjectId, String clientIp, String detail) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public SecurityAuditLog(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @param detail a short human-readable note; never a secret, password or token */
    public void record(Action action, String actorId, String subjectId, String detail) {
        jdbc.update("""
                INSERT INTO security_audit_log (occurred_at, action, actor_id, subject_id, client_ip, detail)
                VALUES (:at, :action, :actor, :subject, :ip, :detail)""",
                new MapSqlParameterSource("at", Timestamp.from(clock.instant())).addValue("action", action.name())
                        .addValue("actor", actorId).addValue("subject", subjectId).addValue("ip", clientIp()).addValue("detail", detail));
    }

    /** Entries older than {@code beforeId} (all when null), newest first. */
    public List<Entry> page(Long beforeId, int limit) {
        return jdbc.query("""
                SELECT * FROM security_audit_log WHERE (:before::bigint IS NULL OR entry_id < :before)
                ORDER BY entry_id DESC LIMIT :limit""",
                new MapSqlParameterSource("before", beforeId).addValue("limit", limit),
                (rs, row) -> new Entry(rs.getLong("entry_id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("action"),
                        rs.getString("actor_id"), rs.getString("subject_id"), rs.getString("client_ip"), rs.getString("detail")));
    }

    private static String clientIp() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? request.getRequest().getRemoteAddr() : null;
    }
}
