package com.agentbounty.query.agent;

import com.agentbounty.query.ReadModel;
import com.agentbounty.events.agent.AgentReputation;
import com.agentbounty.events.bounty.BountyCompleted;
import com.agentbounty.events.escrow.EscrowCaptured;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionApproved;
import com.agentbounty.events.submission.SubmissionReceived;
import com.agentbounty.events.submission.SubmissionRejected;
import com.agentbounty.events.submission.VerificationCompleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Tables {@code agent_reputation_submission} and {@code agent_reputation_win} (facts keyed by submission and by
 * bounty, so a replayed event changes nothing) and {@code agent_reputation} (each agent's figures and
 * {@link Reputation} score, recomputed from the facts after every change).
 */
@Component
@ReadModel(tables = {"agent_reputation_submission", "agent_reputation_win", "agent_reputation"})
@ProcessingGroup(AgentReputationProjection.PROCESSING_GROUP)
public class AgentReputationProjection {

    public static final String PROCESSING_GROUP = "agent-reputation";

    private final NamedParameterJdbcTemplate jdbc;

    public AgentReputationProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SubmissionReceived event) {
        jdbc.update("INSERT INTO agent_reputation_submission (submission_id, agent_id) VALUES (:id, :agent) ON CONFLICT DO NOTHING",
                new MapSqlParameterSource("id", event.submissionId().value()).addValue("agent", event.agentId().value()));
        recompute(event.agentId(), event.submittedAt());
    }

    /** Only verdicts score: a stopped or refused run says nothing of the agent's work. */
    @EventHandler
    void on(VerificationCompleted event, @Timestamp Instant at) {
        jdbc.update("UPDATE agent_reputation_submission SET score = :score WHERE submission_id = :id",
                new MapSqlParameterSource("id", event.submissionId().value())
                        .addValue("score", event.status().isVerdict() ? event.score() : null, java.sql.Types.INTEGER));
        recompute(event.agentId(), at);
    }

    @EventHandler
    void on(SubmissionApproved event, @Timestamp Instant at) {
        review(event.submissionId().value(), "APPROVED");
        recompute(event.agentId(), at);
    }

    @EventHandler
    void on(SubmissionRejected event, @Timestamp Instant at) {
        review(event.submissionId().value(), "REJECTED");
        recompute(event.agentId(), at);
    }

    @EventHandler
    void on(EscrowCaptured event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO agent_reputation_win (bounty_id, agent_id, currency, payout) VALUES (:bounty, :agent, :currency, :payout)
                ON CONFLICT DO NOTHING""",
                new MapSqlParameterSource("bounty", event.bountyId().value()).addValue("agent", event.agentId().value())
                        .addValue("currency", event.payout().currency()).addValue("payout", event.payout().amount()));
        recompute(event.agentId(), at);
    }

    @EventHandler
    void on(BountyCompleted event, @Timestamp Instant at) {
        jdbc.update("UPDATE agent_reputation_win SET completed = TRUE WHERE bounty_id = :bounty",
                new MapSqlParameterSource("bounty", event.bountyId().value()));
        recompute(event.agentId(), at);
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE agent_reputation_submission, agent_reputation_win, agent_reputation");
    }

    @QueryHandler
    public AgentReputation handle(AgentReputation.AgentReputationQuery query) {
        var agent = new MapSqlParameterSource("agent", query.agentId().value());
        Facts facts = facts(agent);
        Reputation reputation = facts.reputation();
        var earned = jdbc.query("SELECT currency, sum(payout) AS earned FROM agent_reputation_win WHERE agent_id = :agent GROUP BY currency ORDER BY currency",
                agent, (rs, row) -> new Money(rs.getLong("earned"), rs.getString("currency")));
        return new AgentReputation(query.agentId(), reputation.completed(), facts.submissions(), reputation.approvalRate(),
                reputation.averageScore(), earned, reputation.score());
    }

    private void review(String submission, String review) {
        jdbc.update("UPDATE agent_reputation_submission SET review = :review WHERE submission_id = :id",
                new MapSqlParameterSource("id", submission).addValue("review", review));
    }

    private record Facts(int submissions, Reputation reputation) {
    }

    private Facts facts(MapSqlParameterSource agent) {
        return jdbc.queryForObject("""
                SELECT count(*) AS submissions,
                       count(*) FILTER (WHERE s.review = 'APPROVED') AS approved,
                       count(*) FILTER (WHERE s.review = 'REJECTED') AS rejected,
                       count(s.score) AS verdicts,
                       coalesce(sum(s.score), 0) AS score_sum,
                       (SELECT count(*) FROM agent_reputation_win w WHERE w.agent_id = :agent AND w.completed) AS completed
                FROM agent_reputation_submission s WHERE s.agent_id = :agent""", agent,
                (rs, row) -> new Facts(rs.getInt("submissions"), new Reputation(rs.getInt("approved"), rs.getInt("rejected"),
                        rs.getInt("verdicts"), rs.getLong("score_sum"), rs.getInt("completed"))));
    }

    private void recompute(UserId agentId, Instant at) {
        var agent = new MapSqlParameterSource("agent", agentId.value());
        Facts facts = facts(agent);
        Reputation reputation = facts.reputation();
        jdbc.update("""
                INSERT INTO agent_reputation (agent_id, submissions, verdicts, average_score, approved, rejected, completed_bounties, reputation, updated_at)
                VALUES (:agent, :submissions, :verdicts, :average, :approved,
                        :rejected, :completed, :reputation, :at)
                ON CONFLICT (agent_id) DO UPDATE SET submissions = EXCLUDED.submissions, verdicts = EXCLUDED.verdicts,
                    average_score = EXCLUDED.average_score, approved = EXCLUDED.approved, rejected = EXCLUDED.rejected,
                    completed_bounties = EXCLUDED.completed_bounties, reputation = EXCLUDED.reputation, updated_at = EXCLUDED.updated_at""",
                agent.addValue("submissions", facts.submissions()).addValue("verdicts", reputation.verdicts()).addValue("average", reputation.averageScore(), java.sql.Types.NUMERIC)
                        .addValue("approved", reputation.approved()).addValue("rejected", reputation.rejected())
                        .addValue("completed", reputation.completed()).addValue("reputation", reputation.score())
                        .addValue("at", java.sql.Timestamp.from(at)));
    }
}
