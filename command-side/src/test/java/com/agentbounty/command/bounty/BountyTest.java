package com.agentbounty.command.bounty;

import com.agentbounty.events.RuleViolation;
import com.agentbounty.events.bounty.*;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.submission.SubmissionId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.agentbounty.command.bounty.BountyFixtures.*;
import static com.agentbounty.command.RuleViolations.violation;

class BountyTest {

    private AggregateTestFixture<Bounty> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Bounty.class);
    }

    // --- drafting

    @Test
    void aBusinessDraftsABountyWithValidTerms() {
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, terms(rules(2, 2)), TESTS, NOW))
               .expectEvents(drafted());
    }

    @Test
    void aRewardMustBePositive() {
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, terms(0, DEADLINE, rules(2, 2)), TESTS, NOW))
               .expectException(RuleViolation.class)
               .expectExceptionMessage("The reward must be a positive amount")
               .expectNoEvents();
    }

    @Test
    void aDeadlineInThePastIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, terms(100, NOW.minusSeconds(1), rules(2, 2)), TESTS, NOW))
               .expectException(violation("DEADLINE_NOT_IN_FUTURE"))
               .expectNoEvents();
    }

    @Test
    void tagsMustBeLowerCaseWords() {
        BountyTerms shouting = new BountyTerms("t", "d", REWARD, DEADLINE, List.of("PDF Parsing"), null);
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, shouting, TESTS, NOW))
               .expectException(violation("INVALID_TAGS"))
               .expectNoEvents();
    }

    @Test
    void aBountyNeedsAcceptanceTests() {
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, terms(rules(2, 2)), null, NOW))
               .expectException(violation("INVALID_ACCEPTANCE_TESTS"))
               .expectNoEvents();
    }

    @Test
    void competitionRulesNeedAtLeastOneClaimantAndOneSubmission() {
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, terms(rules(0, 1)), TESTS, NOW))
               .expectException(violation("INVALID_RULES"))
               .expectNoEvents();
    }

    @Test
    void aDraftCanBeRevisedByItsBusiness() {
        BountyTerms revised = terms(75_000, DEADLINE.plus(Duration.ofDays(1)), rules(2, 2));
        fixture.given(drafted())
               .when(new ReviseBountyDraft(BOUNTY, ACME, revised, TESTS, NOW.plusSeconds(5)))
               .expectEvents(new BountyDraftRevised(BOUNTY, revised, TESTS, NOW.plusSeconds(5)));
    }

    @Test
    void onlyTheBusinessThatDraftedABountyMayReviseIt() {
        fixture.given(drafted())
               .when(new ReviseBountyDraft(BOUNTY, OTHER_BUSINESS, terms(rules(2, 2)), TESTS, NOW))
               .expectException(violation("NOT_BOUNTY_OWNER"))
               .expectNoEvents();
    }

    @Test
    void aFundedBountyCannotBeRevised() {
        fixture.given(drafted(), fundingRequested())
               .when(new ReviseBountyDraft(BOUNTY, ACME, terms(rules(2, 2)), TESTS, NOW))
               .expectException(violation("BOUNTY_NOT_DRAFT"))
               .expectNoEvents();
    }

    // --- funding

    @Test
    void aBountyWhoseDeadlineAndReviewFitInTheHoldWindowIsHeld() {
        fixture.given(drafted())
               .when(new FundBounty(BOUNTY, ACME, ESCROW, Duration.ofDays(6), Duration.ofDays(1), NOW))
               .expectEvents(new BountyFundingRequested(BOUNTY, ACME, ESCROW, REWARD, FundingStrategy.HOLD, Duration.ofDays(1), NOW));
    }

    @Test
    void aBountyThatOutlivesACardHoldIsChargedAtFunding() {
        fixture.given(drafted())
               .when(new FundBounty(BOUNTY, ACME, ESCROW, Duration.ofDays(6), Duration.ofDays(4), NOW))
               .expectEvents(new BountyFundingRequested(BOUNTY, ACME, ESCROW, REWARD, FundingStrategy.CHARGE, Duration.ofDays(4), NOW));
    }

    @Test
    void onlyItsBusinessFundsABounty() {
        fixture.given(drafted())
               .when(new FundBounty(BOUNTY, OTHER_BUSINESS, ESCROW, Duration.ofDays(6), Duration.ofDays(1), NOW))
               .expectException(violation("NOT_BOUNTY_OWNER"));
    }

    @Test
    void aBountyIsFundedOnce() {
        fixture.given(drafted(), fundingRequested())
               .when(new FundBounty(BOUNTY, ACME, ESCROW, Duration.ofDays(6), Duration.ofDays(1), NOW))
               .expectException(violation("BOUNTY_NOT_DRAFT"));
    }

    @Test
    void aFailedPaymentReturnsTheBountyToDraft() {
        fixture.given(drafted(), fundingRequested())
               .when(new FailBountyFunding(BOUNTY, "card_declined"))
               .expectEvents(new BountyFundingFailed(BOUNTY, "card_declined"));
    }

    @Test
    void heldMoneyOpensTheBountyOnce() {
        fixture.given(drafted(), fundingRequested())
               .when(new OpenBounty(BOUNTY, NOW.plusSeconds(5)))
               .expectEvents(opened());
        fixture.given(drafted(), fundingRequested(), opened())
               .when(new OpenBounty(BOUNTY, NOW.plusSeconds(6)))
               .expectNoEvents();
    }

    // --- claims

    @Test
    void anAgentClaimsAnOpenBounty() {
        fixture.given(drafted(), fundingRequested(), opened())
               .when(new ClaimBounty(BOUNTY, AGENT_A, NOW.plusSeconds(10)))
               .expectEvents(claimedBy(AGENT_A, 1));
    }

    @Test
    void aDraftCannotBeClaimed() {
        fixture.given(drafted())
               .when(new ClaimBounty(BOUNTY, AGENT_A, NOW))
               .expectException(violation("BOUNTY_NOT_OPEN"));
    }

    @Test
    void anAgentCannotClaimAFullBounty() {
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1), claimedBy(AGENT_B, 2))
               .when(new ClaimBounty(BOUNTY, AGENT_C, NOW.plusSeconds(30)))
               .expectException(violation("CLAIM_LIMIT_REACHED"))
               .expectNoEvents();
    }

    @Test
    void aWithdrawnClaimFreesItsPlace() {
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1), claimedBy(AGENT_B, 2),
                      new ClaimWithdrawn(BOUNTY, AGENT_B, 1))
               .when(new ClaimBounty(BOUNTY, AGENT_C, NOW.plusSeconds(30)))
               .expectEvents(new BountyClaimed(BOUNTY, AGENT_C, 2, NOW.plusSeconds(30)));
    }

    @Test
    void claimsCloseAtTheDeadline() {
        fixture.given(drafted(), fundingRequested(), opened())
               .when(new ClaimBounty(BOUNTY, AGENT_A, DEADLINE))
               .expectException(violation("DEADLINE_PASSED"));
    }

    // --- submissions

    @Test
    void aClaimantSubmitsCode() {
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1))
               .when(new SubmitSolution(BOUNTY, new SubmissionId("s-1"), AGENT_A, CODE, NOW.plusSeconds(20)))
               .expectEvents(submittedBy(AGENT_A, "s-1", 1));
    }

    @Test
    void anAgentWithoutAClaimCannotSubmit() {
        fixture.given(drafted(), fundingRequested(), opened())
               .when(new SubmitSolution(BOUNTY, new SubmissionId("s-1"), AGENT_A, CODE, NOW.plusSeconds(20)))
               .expectException(violation("NOT_CLAIMED"));
    }

    @Test
    void aSubmissionAfterTheDeadlineIsRefused() {
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1))
               .when(new SubmitSolution(BOUNTY, new SubmissionId("s-1"), AGENT_A, CODE, DEADLINE.plusSeconds(1)))
               .expectException(violation("SUBMISSION_AFTER_DEADLINE"))
               .expectNoEvents();
    }

    @Test
    void anAgentMakesAtMostItsAllowedSubmissions() {
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1),
                      submittedBy(AGENT_A, "s-1", 1), submittedBy(AGENT_A, "s-2", 2))
               .when(new SubmitSolution(BOUNTY, new SubmissionId("s-3"), AGENT_A, CODE, NOW.plusSeconds(40)))
               .expectException(violation("SUBMISSION_LIMIT_REACHED"));
    }

    // --- award, completion, expiry, cancellation

    @Test
    void anOpenBountyIsAwardedOnce() {
        BountyAwarded awarded = new BountyAwarded(BOUNTY, new SubmissionId("s-1"), AGENT_A, ESCROW, REWARD);
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1), submittedBy(AGENT_A, "s-1", 1))
               .when(new AwardBounty(BOUNTY, new SubmissionId("s-1"), AGENT_A))
               .expectEvents(awarded);
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1), submittedBy(AGENT_A, "s-1", 1), awarded)
               .when(new AwardBounty(BOUNTY, new SubmissionId("s-2"), AGENT_B))
               .expectException(violation("ALREADY_AWARDED"));
    }

    @Test
    void anAwardedBountyCompletesWhenItsWinnerIsPaid() {
        fixture.given(drafted(), fundingRequested(), opened(), new BountyAwarded(BOUNTY, new SubmissionId("s-1"), AGENT_A, ESCROW, REWARD))
               .when(new CompleteBounty(BOUNTY))
               .expectEvents(new BountyCompleted(BOUNTY, AGENT_A));
    }

    @Test
    void anOpenBountyExpiresButAnAwardedOneDoesNot() {
        fixture.given(drafted(), fundingRequested(), opened())
               .when(new ExpireBounty(BOUNTY, DEADLINE))
               .expectEvents(new BountyExpired(BOUNTY, ESCROW, DEADLINE));
        fixture.given(drafted(), fundingRequested(), opened(), new BountyAwarded(BOUNTY, new SubmissionId("s-1"), AGENT_A, ESCROW, REWARD))
               .when(new ExpireBounty(BOUNTY, DEADLINE))
               .expectNoEvents();
    }

    @Test
    void anOpenBountyWithoutSubmissionsCanBeCancelledAndItsEscrowNamedForRefund() {
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1))
               .when(new CancelBounty(BOUNTY, ACME, NOW.plusSeconds(60)))
               .expectEvents(new BountyCancelled(BOUNTY, ESCROW, NOW.plusSeconds(60)));
    }

    @Test
    void aCancelledDraftHasNothingToRefund() {
        fixture.given(drafted())
               .when(new CancelBounty(BOUNTY, ACME, NOW))
               .expectEvents(new BountyCancelled(BOUNTY, null, NOW));
    }

    @Test
    void aBountyWithSubmissionsCannotBeCancelled() {
        fixture.given(drafted(), fundingRequested(), opened(), claimedBy(AGENT_A, 1), submittedBy(AGENT_A, "s-1", 1))
               .when(new CancelBounty(BOUNTY, ACME, NOW.plusSeconds(60)))
               .expectException(violation("HAS_SUBMISSIONS"))
               .expectNoEvents();
    }
}
