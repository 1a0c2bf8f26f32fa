package com.agentbounty.sagas.bounty;

import com.agentbounty.events.agent.AgentPayoutAccountActivated;
import com.agentbounty.events.bounty.*;
import com.agentbounty.events.escrow.*;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.*;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.VerificationStatus;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BountyLifecycleSagaTest {

    private static final BountyId BOUNTY = new BountyId("b-1");
    private static final EscrowId ESCROW = new EscrowId("e-1");
    private static final UserId ACME = new UserId("business-acme");
    private static final UserId AGENT_A = new UserId("agent-a");
    private static final UserId AGENT_B = new UserId("agent-b");
    private static final Money REWARD = new Money(10_000, "USD");
    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant DEADLINE = START.plus(Duration.ofDays(3));
    private static final Duration REVIEW = Duration.ofDays(1);
    private static final Artifact.Stored CODE = new Artifact.Stored("artifacts/c", "c".repeat(64), 42);

    private SagaTestFixture<BountyLifecycleSaga> fixture;
    private RecordingPaymentProvider payments;
    private final List<String> dispatchedJobs = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(BountyLifecycleSaga.class);
        payments = new RecordingPaymentProvider();
        fixture.registerResource(payments);
        fixture.registerResource((VerificationDispatcher) (jobId, submission, bounty, code) -> dispatchedJobs.add(jobId));
        fixture.registerResource(new PlatformFee(1_500));
        fixture.registerResource(new VerificationTimeout(Duration.ofMinutes(5)));
        fixture.givenCurrentTime(START);
    }

    private static BountyFundingRequested fundingRequested() {
        return new BountyFundingRequested(BOUNTY, ACME, ESCROW, REWARD, FundingStrategy.HOLD, REVIEW, START);
    }

    private static BountyOpened opened(AwardMode mode, boolean autoApprove) {
        return new BountyOpened(BOUNTY, ESCROW, DEADLINE, REVIEW, new CompetitionRules(mode, 5, 3, autoApprove), START);
    }

    private static SolutionSubmitted submitted(String submission, UserId agent, Instant at) {
        return new SolutionSubmitted(BOUNTY, new SubmissionId(submission), agent, ACME, CODE, 1, at);
    }

    private static VerificationCompleted verified(String submission, UserId agent, boolean passed, int score, Instant submittedAt) {
        return new VerificationCompleted(new SubmissionId(submission), BOUNTY, agent,
                passed ? VerificationStatus.PASSED : VerificationStatus.FAILED, passed, score, submittedAt);
    }

    private static EscrowHeld held(Instant authorisedUntil) {
        return new EscrowHeld(ESCROW, BOUNTY, REWARD, "pi", authorisedUntil);
    }

    // --- funding

    @Test
    void fundingOpensAnEscrowAndAsksTheProviderToSecureTheRewardOnce() {
        fixture.givenNoPriorActivity()
               .whenPublishingA(fundingRequested())
               .expectActiveSagas(1)
               .expectDispatchedCommands(new RequestEscrow(ESCROW, BOUNTY, ACME, REWARD, FundingStrategy.HOLD));
        assertThat(payments.calls).containsExactly("secure 10000 HOLD e-1:secure");
    }

    @Test
    void securedMoneyOpensTheBounty() {
        fixture.givenAPublished(fundingRequested())
               .whenPublishingA(held(START.plus(Duration.ofDays(7))))
               .expectDispatchedCommands(new OpenBounty(BOUNTY, START));
    }

    @Test
    void aFailedPaymentReturnsTheBountyToDraftReleasesThePaymentAndEndsTheFlow() {
        fixture.givenAPublished(fundingRequested())
               .whenPublishingA(new EscrowFailed(ESCROW, BOUNTY, "card_declined"))
               .expectDispatchedCommands(new FailBountyFunding(BOUNTY, "card_declined"))
               .expectActiveSagas(0);
        assertThat(payments.calls).containsExactly("secure 10000 HOLD e-1:secure", "release 10000 e-1:release");
    }

    @Test
    void aRetriedFundingIsANewEscrowWhoseProviderCallsHaveKeysOfTheirOwn() {
        EscrowId retry = new EscrowId("e-2");
        fixture.givenAPublished(fundingRequested()).andThenAPublished(new EscrowFailed(ESCROW, BOUNTY, "card_declined"))
               .whenPublishingA(new BountyFundingRequested(BOUNTY, ACME, retry, REWARD, FundingStrategy.HOLD, REVIEW, START.plusSeconds(60)))
               .expectActiveSagas(1)
               .expectDispatchedCommands(new RequestEscrow(retry, BOUNTY, ACME, REWARD, FundingStrategy.HOLD));
        assertThat(payments.calls).containsExactly("secure 10000 HOLD e-1:secure", "release 10000 e-1:release", "secure 10000 HOLD e-2:secure");
    }

    // --- card holds that would lapse

    @Test
    void aHoldIsRenewedADayBeforeItLapsesWithAKeyPerRenewal() {
        Instant lapses = START.plus(Duration.ofDays(2)); // a short card window: it lapses before the deadline
        payments.now = lapses.minus(BountyLifecycleSaga.HOLD_RENEWAL_MARGIN);
        fixture.givenAPublished(fundingRequested())
               .andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .whenPublishingA(held(lapses))
               .expectScheduledDeadlineWithName(lapses.minus(BountyLifecycleSaga.HOLD_RENEWAL_MARGIN), BountyLifecycleSaga.HOLD_RENEWAL);
        fixture.whenTimeAdvancesTo(lapses.minus(BountyLifecycleSaga.HOLD_RENEWAL_MARGIN))
               .expectDispatchedCommands(new RecordHoldRenewed(ESCROW, "ref-e-1:reauth-1", payments.now.plus(payments.holdLifetime)));
        assertThat(payments.calls).containsExactly("secure 10000 HOLD e-1:secure", "reauthorise 10000 e-1:reauth-1");

        Instant renewedUntil = payments.now.plus(payments.holdLifetime);
        fixture.whenPublishingA(new EscrowHoldRenewed(ESCROW, BOUNTY, "ref-e-1:reauth-1", renewedUntil))
               .expectScheduledDeadlineWithName(renewedUntil.minus(BountyLifecycleSaga.HOLD_RENEWAL_MARGIN), BountyLifecycleSaga.HOLD_RENEWAL);
        payments.now = renewedUntil.minus(BountyLifecycleSaga.HOLD_RENEWAL_MARGIN);
        fixture.whenTimeAdvancesTo(renewedUntil.minus(BountyLifecycleSaga.HOLD_RENEWAL_MARGIN));
        assertThat(payments.calls).endsWith("reauthorise 10000 e-1:reauth-2");
    }

    @Test
    void aHoldThatCannotBeRenewedEndsTheBountyAndIsReleasedBeforeItLapses() {
        payments.cardCanBeReauthorised = false;
        Instant lapses = START.plus(Duration.ofDays(2));
        Instant renewalDue = lapses.minus(BountyLifecycleSaga.HOLD_RENEWAL_MARGIN);
        fixture.givenAPublished(fundingRequested())
               .andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(held(lapses))
               .whenTimeAdvancesTo(renewalDue)
               .expectDispatchedCommands(new RecordHoldRenewalFailed(ESCROW, "authentication_required"));
        fixture.whenPublishingA(new EscrowHoldRenewalFailed(ESCROW, BOUNTY, "authentication_required"))
               .expectDispatchedCommands(new ExpireBounty(BOUNTY, renewalDue));
        fixture.whenPublishingA(new BountyExpired(BOUNTY, ESCROW, renewalDue))
               .expectDispatchedCommands(new RecordEscrowRefunded(ESCROW, RefundReason.HOLD_NOT_RENEWED, "ref-e-1:refund"))
               .expectNoScheduledDeadlines();
        assertThat(payments.calls).containsExactly("secure 10000 HOLD e-1:secure", "reauthorise 10000 e-1:reauth-1", "refund 10000 e-1:refund");
    }

    @Test
    void anAwardedBountyRenewsNoHold() {
        Instant lapses = START.plus(Duration.ofDays(2));
        fixture.givenAPublished(fundingRequested())
               .andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(held(lapses))
               .andThenAPublished(new BountyAwarded(BOUNTY, new SubmissionId("s-1"), AGENT_A, ESCROW, REWARD))
               .whenTimeAdvancesTo(lapses)
               .expectNoScheduledDeadlines();
        assertThat(payments.calls).noneMatch(call -> call.startsWith("reauthorise"));
    }

    @Test
    void aChargeHasNoHoldToRenew() {
        fixture.givenAPublished(new BountyFundingRequested(BOUNTY, ACME, ESCROW, REWARD, FundingStrategy.CHARGE, REVIEW, START))
               .whenPublishingA(new EscrowHeld(ESCROW, BOUNTY, REWARD, "pi", null))
               .expectNoScheduledDeadlines();
    }

    @Test
    void anOpenedBountyWaitsForItsDeadline() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(held(START.plus(Duration.ofDays(7))))
               .whenPublishingA(opened(AwardMode.FIRST_PASSING, false))
               .expectScheduledDeadlineWithName(DEADLINE, BountyLifecycleSaga.BOUNTY_DEADLINE);
    }

    // --- submissions

    @Test
    void aSubmissionIsRegisteredAndVerifiedByOneJob() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .whenPublishingA(submitted("s-1", AGENT_A, START.plusSeconds(60)))
               .expectDispatchedCommands(new RegisterSubmission(new SubmissionId("s-1"), BOUNTY, AGENT_A, ACME, CODE, START.plusSeconds(60)));
        fixture.whenPublishingA(new SubmissionReceived(new SubmissionId("s-1"), BOUNTY, AGENT_A, ACME, CODE, START.plusSeconds(60)))
               .expectDispatchedCommands(new RequestVerification(new SubmissionId("s-1"), "s-1:verify"));
        fixture.whenPublishingA(new VerificationRequested(new SubmissionId("s-1"), BOUNTY, "s-1:verify", CODE));
        assertThat(dispatchedJobs).containsExactly("s-1:verify");
    }

    @Test
    void aJobWithoutAVerdictIsSentAgainUnderTheSameIdUntilTheVerdictComes() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(submitted("s-1", AGENT_A, START.plusSeconds(60)))
               .andThenAPublished(new VerificationRequested(new SubmissionId("s-1"), BOUNTY, "s-1:verify", CODE))
               .whenTimeElapses(Duration.ofMinutes(11));
        assertThat(dispatchedJobs).containsExactly("s-1:verify", "s-1:verify", "s-1:verify");

        fixture.whenPublishingA(verified("s-1", AGENT_A, false, 0, START.plusSeconds(60)));
        fixture.whenTimeElapses(Duration.ofMinutes(30));
        assertThat(dispatchedJobs).hasSize(3);
    }

    // --- award

    @Test
    void aPassingSubmissionIsApprovedAtOnceWhenTheBountyAutoApproves() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, true))
               .andThenAPublished(submitted("s-1", AGENT_A, START.plusSeconds(60)))
               .whenPublishingA(verified("s-1", AGENT_A, true, 100, START.plusSeconds(60)))
               .expectDispatchedCommands(new ApproveSubmission(new SubmissionId("s-1"), null));
    }

    @Test
    void withoutAutoApprovalAPassingSubmissionWaitsForTheBusiness() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(submitted("s-1", AGENT_A, START.plusSeconds(60)))
               .whenPublishingA(verified("s-1", AGENT_A, true, 100, START.plusSeconds(60)))
               .expectNoDispatchedCommands();
    }

    @Test
    void theFirstApprovedPassingSubmissionWins() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(submitted("s-1", AGENT_A, START.plusSeconds(60)))
               .andThenAPublished(verified("s-1", AGENT_A, true, 100, START.plusSeconds(60)))
               .whenPublishingA(new SubmissionApproved(new SubmissionId("s-1"), BOUNTY, AGENT_A, ACME))
               .expectDispatchedCommands(new AwardBounty(BOUNTY, new SubmissionId("s-1"), AGENT_A));
    }

    @Test
    void anAwardCapturesTheRewardWithThePlatformFeeAndStopsTheDeadlines() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .whenPublishingA(new BountyAwarded(BOUNTY, new SubmissionId("s-1"), AGENT_A, ESCROW, REWARD))
               .expectDispatchedCommands(new RecordEscrowCaptured(ESCROW, AGENT_A, 1_500, "ref-e-1:capture"))
               .expectNoScheduledDeadlines();
        assertThat(payments.calls).contains("capture 10000 e-1:capture");
    }

    @Test
    void theCapturedPayoutIsTransferredAndTheBountyCompletes() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(new BountyAwarded(BOUNTY, new SubmissionId("s-1"), AGENT_A, ESCROW, REWARD))
               .whenPublishingA(new EscrowCaptured(ESCROW, BOUNTY, AGENT_A, REWARD, new Money(1_500, "USD"), new Money(8_500, "USD"), "ch"))
               .expectDispatchedCommands(new RecordPayoutTransferred(ESCROW, "ref-e-1:payout"));
        assertThat(payments.calls).contains("transfer 8500 to agent-a e-1:payout");
        fixture.whenPublishingA(new EscrowPaidOut(ESCROW, BOUNTY, AGENT_A, new Money(8_500, "USD"), "tr"))
               .expectDispatchedCommands(new CompleteBounty(BOUNTY))
               .expectActiveSagas(0);
    }

    @Test
    void anAgentWithoutAPayoutAccountKeepsItsPayableUntilItHasOne() {
        payments.agentHasPayoutAccount = false;
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(new BountyAwarded(BOUNTY, new SubmissionId("s-1"), AGENT_A, ESCROW, REWARD))
               .whenPublishingA(new EscrowCaptured(ESCROW, BOUNTY, AGENT_A, REWARD, new Money(1_500, "USD"), new Money(8_500, "USD"), "ch"))
               .expectNoDispatchedCommands()
               .expectActiveSagas(1);

        payments.agentHasPayoutAccount = true;
        fixture.whenPublishingA(new AgentPayoutAccountActivated(AGENT_B, START))
               .expectNoDispatchedCommands();
        fixture.whenPublishingA(new AgentPayoutAccountActivated(AGENT_A, START))
               .expectDispatchedCommands(new RecordPayoutTransferred(ESCROW, "ref-e-1:payout"));
    }

    @Test
    void atTheDeadlineTheBestPassingScoreWinsAndTheEarlierOneBreaksATie() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.BEST_SCORE_AT_DEADLINE, false))
               .andThenAPublished(submitted("s-late", AGENT_B, START.plusSeconds(120)))
               .andThenAPublished(verified("s-late", AGENT_B, true, 100, START.plusSeconds(120)))
               .andThenAPublished(submitted("s-early", AGENT_A, START.plusSeconds(60)))
               .andThenAPublished(verified("s-early", AGENT_A, true, 100, START.plusSeconds(60)))
               .andThenAPublished(submitted("s-failed", AGENT_B, START.plusSeconds(30)))
               .andThenAPublished(verified("s-failed", AGENT_B, false, 90, START.plusSeconds(30)))
               .whenTimeAdvancesTo(DEADLINE)
               .expectDispatchedCommands(new AwardBounty(BOUNTY, new SubmissionId("s-early"), AGENT_A));
    }

    @Test
    void aRejectedSubmissionNeverWins() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.BEST_SCORE_AT_DEADLINE, false))
               .andThenAPublished(submitted("s-1", AGENT_A, START.plusSeconds(60)))
               .andThenAPublished(verified("s-1", AGENT_A, true, 100, START.plusSeconds(60)))
               .andThenAPublished(new SubmissionRejected(new SubmissionId("s-1"), BOUNTY, AGENT_A, "plagiarised"))
               .whenTimeAdvancesTo(DEADLINE)
               .expectDispatchedCommands(new ExpireBounty(BOUNTY, DEADLINE));
    }

    // --- expiry and refunds

    @Test
    void withoutAnyPassingSubmissionTheBountyExpiresAtItsDeadline() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(submitted("s-1", AGENT_A, START.plusSeconds(60)))
               .andThenAPublished(verified("s-1", AGENT_A, false, 40, START.plusSeconds(60)))
               .whenTimeAdvancesTo(DEADLINE)
               .expectDispatchedCommands(new ExpireBounty(BOUNTY, DEADLINE));
    }

    @Test
    void unreviewedPassingWorkGetsTheReviewWindowBeforeTheBountyExpires() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .andThenAPublished(submitted("s-1", AGENT_A, START.plusSeconds(60)))
               .andThenAPublished(verified("s-1", AGENT_A, true, 100, START.plusSeconds(60)))
               .whenTimeAdvancesTo(DEADLINE)
               .expectNoDispatchedCommands()
               .expectScheduledDeadlineWithName(DEADLINE.plus(REVIEW), BountyLifecycleSaga.REVIEW_DEADLINE);
        fixture.whenTimeAdvancesTo(DEADLINE.plus(REVIEW))
               .expectDispatchedCommands(new ExpireBounty(BOUNTY, DEADLINE.plus(REVIEW)));
    }

    @Test
    void anExpiredBountyIsRefundedInFullOnce() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .whenPublishingA(new BountyExpired(BOUNTY, ESCROW, DEADLINE))
               .expectDispatchedCommands(new RecordEscrowRefunded(ESCROW, RefundReason.EXPIRED, "ref-e-1:refund"));
        assertThat(payments.calls).containsOnlyOnce("refund 10000 e-1:refund");
        fixture.whenPublishingA(new EscrowRefunded(ESCROW, BOUNTY, REWARD, RefundReason.EXPIRED, "re"))
               .expectActiveSagas(0);
    }

    @Test
    void aCancelledOpenBountyIsRefundedAndItsDeadlineDropped() {
        fixture.givenAPublished(fundingRequested()).andThenAPublished(opened(AwardMode.FIRST_PASSING, false))
               .whenPublishingA(new BountyCancelled(BOUNTY, ESCROW, START.plusSeconds(30)))
               .expectDispatchedCommands(new RecordEscrowRefunded(ESCROW, RefundReason.CANCELLED, "ref-e-1:refund"))
               .expectNoScheduledDeadlines();
    }
}
