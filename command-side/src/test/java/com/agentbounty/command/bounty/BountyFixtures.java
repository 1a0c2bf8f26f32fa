package com.agentbounty.command.bounty;

import com.agentbounty.events.bounty.*;
import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.RuntimeKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small builders that keep the given-part of bounty tests readable. */
final class BountyFixtures {

    static final BountyId BOUNTY = new BountyId("b-1");
    static final EscrowId ESCROW = new EscrowId("e-1");
    static final UserId ACME = new UserId("business-acme");
    static final UserId OTHER_BUSINESS = new UserId("business-other");
    static final UserId AGENT_A = new UserId("agent-a");
    static final UserId AGENT_B = new UserId("agent-b");
    static final UserId AGENT_C = new UserId("agent-c");
    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    static final Instant DEADLINE = NOW.plus(Duration.ofDays(3));
    static final Money REWARD = new Money(50_000, "USD");
    static final AcceptanceTests TESTS = new AcceptanceTests(RuntimeKind.QUICKJS, "test('adds', () => assertEqual(add(1, 2), 3));");
    static final Artifact.Stored CODE = new Artifact.Stored("artifacts/" + "a".repeat(64), "a".repeat(64), 120);

    private BountyFixtures() {
    }

    static BountyTerms terms(long rewardCents, Instant deadline, CompetitionRules rules) {
        return new BountyTerms("Parse invoices", "Extract totals from PDF invoices", new Money(rewardCents, "USD"),
                deadline, List.of("pdf", "parsing"), rules);
    }

    static BountyTerms terms(CompetitionRules rules) {
        return terms(REWARD.amount(), DEADLINE, rules);
    }

    static CompetitionRules rules(int maxClaimants, int maxSubmissionsPerAgent) {
        return new CompetitionRules(AwardMode.FIRST_PASSING, maxClaimants, maxSubmissionsPerAgent, false);
    }

    static BountyDrafted drafted() {
        return drafted(rules(2, 2));
    }

    static BountyDrafted drafted(CompetitionRules rules) {
        return new BountyDrafted(BOUNTY, ACME, terms(rules), TESTS, NOW);
    }

    static BountyFundingRequested fundingRequested() {
        return new BountyFundingRequested(BOUNTY, ACME, ESCROW, REWARD, FundingStrategy.HOLD, Duration.ofDays(1), NOW);
    }

    static BountyOpened opened() {
        return new BountyOpened(BOUNTY, ESCROW, DEADLINE, Duration.ofDays(1), rules(2, 2), NOW.plusSeconds(5));
    }

    static BountyClaimed claimedBy(UserId agent, int claimants) {
        return new BountyClaimed(BOUNTY, agent, claimants, NOW.plusSeconds(10));
    }

    static SolutionSubmitted submittedBy(UserId agent, String submission, int number) {
        return new SolutionSubmitted(BOUNTY, new SubmissionId(submission), agent, ACME, CODE, number, NOW.plusSeconds(20));
    }
}
