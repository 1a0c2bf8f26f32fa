package com.agentbounty.query.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.submission.*;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.query.ReadModel;
import com.agentbounty.query.Subscribers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Table {@code submission_view}: every submission, its status and verdict; live updates per submission. */
@Component
@ReadModel(tables = "submission_view")
@ProcessingGroup(SubmissionProjection.PROCESSING_GROUP)
public class SubmissionProjection {

    public static final String PROCESSING_GROUP = "submission-view";

    private final NamedParameterJdbcTemplate jdbc;
    private final QueryUpdateEmitter updateEmitter;

    public SubmissionProjection(NamedParameterJdbcTemplate jdbc, QueryUpdateEmitter updateEmitter) {
        this.jdbc = jdbc;
        this.updateEmitter = updateEmitter;
    }

    @EventHandler
    void on(SubmissionReceived event) {
        jdbc.update("""
                INSERT INTO submission_view (submission_id, bounty_id, agent_id, business_id, status, code_key, code_sha256, code_size,
                                             submitted_at, updated_at)
                VALUES (:id, :bounty, :agent, :business, :status, :key, :sha, :size, :at, :at) ON CONFLICT DO NOTHING""",
                parameters(event.submissionId(), SubmissionStatus.RECEIVED, event.submittedAt())
                        .addValue("bounty", event.bountyId().value()).addValue("agent", event.agentId().value())
                        .addValue("business", event.businessId().value()).addValue("key", event.code().key())
                        .addValue("sha", event.code().sha256()).addValue("size", event.code().sizeBytes()));
        emit(event.submissionId());
    }

    @EventHandler
    void on(VerificationRequested event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status", parameters(event.submissionId(), SubmissionStatus.VERIFYING, at));
    }

    @EventHandler
    void on(VerificationCompleted event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status, verification = :verification, passed = :passed, score = :score",
                parameters(event.submissionId(), SubmissionStatus.VERIFIED, at).addValue("verification", event.status().name())
                        .addValue("passed", event.passed()).addValue("score", event.score()));
    }

    @EventHandler
    void on(SubmissionApproved event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status", parameters(event.submissionId(), SubmissionStatus.APPROVED, at));
    }

    @EventHandler
    void on(SubmissionRejected event, @org.axonframework.eventhandling.Timestamp Instant at) {
        update("status = :status, rejection_reason = :reason",
                parameters(event.submissionId(), SubmissionStatus.REJECTED, at).addValue("reason", event.reason()));
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE submission_view");
    }

    @QueryHandler
    public Optional<SubmissionView> handle(SubmissionView.SubmissionQuery query) {
        return jdbc.query("SELECT * FROM submission_view WHERE submission_id = :id",
                new MapSqlParameterSource("id", query.submissionId().value()), VIEW).stream().findFirst();
    }

    @QueryHandler
    public SubmissionView.SubmissionList handle(SubmissionView.SubmissionsOfBountyQuery query) {
        return new SubmissionView.SubmissionList(jdbc.query("""
                SELECT * FROM submission_view WHERE bounty_id = :bounty AND (:agent::varchar IS NULL OR agent_id = :agent)
                ORDER BY submitted_at, submission_id""",
                new MapSqlParameterSource("bounty", query.bountyId().value())
                        .addValue("agent", query.agentId() == null ? null : query.agentId().value()), VIEW));
    }

    private void update(String assignments, MapSqlParameterSource parameters) {
        jdbc.update("UPDATE submission_view SET " + assignments + ", updated_at = :at WHERE submission_id = :id", parameters);
        emit(new SubmissionId((String) parameters.getValue("id")));
    }

    private void emit(SubmissionId id) {
        if (!Subscribers.watch(updateEmitter, SubmissionView.SubmissionQuery.class, SubmissionView.SubmissionChangesQuery.class)) {
            return;
        }
        handle(new SubmissionView.SubmissionQuery(id)).ifPresent(view -> {
            updateEmitter.emit(SubmissionView.SubmissionQuery.class, query -> query.submissionId().equals(id), view);
            updateEmitter.emit(SubmissionView.SubmissionChangesQuery.class, any -> true, view);
        });
    }

    private static MapSqlParameterSource parameters(SubmissionId id, SubmissionStatus status, Instant at) {
        return new MapSqlParameterSource("id", id.value()).addValue("status", status.name()).addValue("at", Timestamp.from(at));
    }

    private static final RowMapper<SubmissionView> VIEW = (rs, row) -> new SubmissionView(
            new SubmissionId(rs.getString("submission_id")),
            new BountyId(rs.getString("bounty_id")),
            new UserId(rs.getString("agent_id")),
            new UserId(rs.getString("business_id")),
            SubmissionStatus.valueOf(rs.getString("status")),
            rs.getString("code_sha256"),
            rs.getLong("code_size"),
            rs.getString("verification") == null ? null : VerificationStatus.valueOf(rs.getString("verification")),
            (Boolean) rs.getObject("passed"),
            (Integer) rs.getObject("score"),
            rs.getString("rejection_reason"),
            rs.getTimestamp("submitted_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant());
}
