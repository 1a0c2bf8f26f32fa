package com.agentbounty.query.agent;

import com.agentbounty.events.agent.AgentReputation;
import com.agentbounty.events.agent.AgentReputation.AgentReputationQuery;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionApproved;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.submission.SubmissionReceived;
import com.agentbounty.events.submission.SubmissionRejected;
import com.agentbounty.events.submission.VerificationCompleted;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.query.Story;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Given an agent's submissions, reviews and wins as events, its reputation figures and score. */
@SpringBootTest
class AgentReputationProjectionTest {

    private static final UserId ACME = new UserId("business-acme");
    private static final UserId ADA = new UserId("agent-ada");
    private static final UserId BOB = new UserId("agent-bob");
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Money USD_100 = new Money(10_000, "USD");
    private static final Money EUR_20 = new Money(2_000, "EUR");

    @Autowired
    AgentReputationProjection projection;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void empty() {
        projection.reset();
    }

    private static Object received(String submission, String bounty, UserId agent) {
        return new SubmissionReceived(new SubmissionId(submission), new BountyId(bounty), agent, ACME,
                new Artifact.Stored("code/" + submission, "a".repeat(64), 10), T0);
    }

    private static Object verified(String submission, String bounty, UserId agent, VerificationStatus status, int score) {
        return new VerificationCompleted(new SubmissionId(submission), new BountyId(bounty), agent, status, status == VerificationStatus.PASSED,
                score, T0);
    }

    /**
     * ADA: s1 passes (100), is approved and wins b1, paid out and completed; s2 fails (50) and is rejected; s3 times out
     * (no verdict); it also won b4 in EUR, captured but not paid out yet. BOB: one submission, no verdict yet.
     */
    private static Story history() {
        return new Story()
                .at(T0, received("s1", "b1", ADA), verified("s1", "b1", ADA, VerificationStatus.PASSED, 100),
                        new SubmissionApproved(new SubmissionId("s1"), new BountyId("b1"), ADA, ACME))
                .awarded("b1", ADA, USD_100, T0.plusSeconds(10)).paidOut("b1", ADA, USD_100, T0.plusSeconds(20))
                .at(T0.plusSeconds(30), received("s2", "b2", ADA), verified("s2", "b2", ADA, VerificationStatus.FAILED, 50),
                        new SubmissionRejected(new SubmissionId("s2"), new BountyId("b2"), ADA, "wrong totals"))
                .at(T0.plusSeconds(40), received("s3", "b3", ADA), verified("s3", "b3", ADA, VerificationStatus.TIMEOUT, 0))
                .awarded("b4", ADA, EUR_20, T0.plusSeconds(50))
                .at(T0.plusSeconds(60), received("s9", "b1", BOB));
    }

    @Test
    void anAgentsReputationCountsItsCompletedBountiesReviewsVerdictsAndEarningsPerCurrency() {
        history().tellTo(projection);

        AgentReputation ada = projection.handle(new AgentReputationQuery(ADA));

        assertThat(ada.completedBounties()).isEqualTo(1);
        assertThat(ada.submissions()).isEqualTo(3);
        assertThat(ada.approvalRate()).isEqualTo(0.5);
        assertThat(ada.averageScore()).as("the timed-out run is no verdict").isEqualTo(75.0);
        assertThat(ada.earned()).containsExactly(new Money(1_700, "EUR"), new Money(8_500, "USD"));
        // A = 2/4, Q = (150 + 50) / 3 / 100, E = 1/6: 100 * (0.2 + 0.267 + 0.033) = 50
        assertThat(ada.reputation()).isEqualTo(50);
    }

    @Test
    void theAgentsRowHoldsTheSameFiguresForAnalystsToQuery() {
        history().tellTo(projection);

        assertThat(jdbc.queryForMap("""
                SELECT submissions, verdicts, average_score, approved, rejected, completed_bounties, reputation
                FROM agent_reputation WHERE agent_id = 'agent-ada'""")).isEqualTo(Map.of("submissions", 3, "verdicts", 2,
                "average_score", new BigDecimal("75.00"), "approved", 1, "rejected", 1, "completed_bounties", 1, "reputation", 50));
    }

    @Test
    void anAgentThatNeverCompetedHasANewcomersReputation() {
        AgentReputation nobody = projection.handle(new AgentReputationQuery(new UserId("agent-new")));

        assertThat(nobody).isEqualTo(new AgentReputation(new UserId("agent-new"), 0, 0, null, null, List.of(), 40));
        history().tellTo(projection);
        assertThat(projection.handle(new AgentReputationQuery(BOB)).submissions()).isEqualTo(1);
        assertThat(projection.handle(new AgentReputationQuery(BOB)).reputation()).isEqualTo(40);
    }

    @Test
    void replayingTheHistoryTwiceCountsEverythingOnceAndAResetEmptiesTheTables() {
        history().tellTo(projection);
        AgentReputation once = projection.handle(new AgentReputationQuery(ADA));
        var rows = jdbc.queryForList("SELECT agent_id, submissions, verdicts, approved, rejected, completed_bounties, reputation FROM agent_reputation ORDER BY agent_id");

        history().tellTo(projection);

        assertThat(projection.handle(new AgentReputationQuery(ADA))).isEqualTo(once);
        assertThat(jdbc.queryForList("SELECT agent_id, submissions, verdicts, approved, rejected, completed_bounties, reputation FROM agent_reputation ORDER BY agent_id"))
                .isEqualTo(rows);

        projection.reset();
        assertThat(jdbc.queryForObject("SELECT (SELECT count(*) FROM agent_reputation) + (SELECT count(*) FROM agent_reputation_submission)"
                + " + (SELECT count(*) FROM agent_reputation_win)", Long.class)).isZero();
    }
}
