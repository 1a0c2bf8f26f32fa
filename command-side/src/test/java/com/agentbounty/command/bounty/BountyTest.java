package com.agentbounty.command.bounty;

import com.agentbounty.events.RuleViolation;
import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.DraftBounty;
import com.agentbounty.events.bounty.ReviseBountyDraft;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

class BountyTest {

    private static final BountyId BOUNTY = new BountyId("b-1");
    private static final UserId ACME = new UserId("business-acme");
    private static final UserId OTHER_BUSINESS = new UserId("business-other");
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private AggregateTestFixture<Bounty> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Bounty.class);
    }

    private static BountyTerms terms(long rewardCents, Instant deadline) {
        return new BountyTerms("Parse invoices", "Extract totals from PDF invoices", new Money(rewardCents, "USD"),
                deadline, List.of("pdf", "parsing"));
    }

    private static BountyTerms validTerms() {
        return terms(50_000, NOW.plus(Duration.ofDays(10)));
    }

    @Test
    void aBusinessDraftsABountyWithValidTerms() {
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, validTerms(), NOW))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new BountyDrafted(BOUNTY, ACME, validTerms(), NOW));
    }

    @Test
    void aRewardMustBePositive() {
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, terms(0, NOW.plus(Duration.ofDays(1))), NOW))
               .expectException(RuleViolation.class)
               .expectExceptionMessage("The reward must be a positive amount")
               .expectNoEvents();
    }

    @Test
    void aDeadlineInThePastIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, terms(100, NOW.minusSeconds(1)), NOW))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void tagsMustBeLowerCaseWords() {
        BountyTerms shouting = new BountyTerms("t", "d", new Money(100, "USD"), NOW.plusSeconds(60), List.of("PDF Parsing"));
        fixture.givenNoPriorActivity()
               .when(new DraftBounty(BOUNTY, ACME, shouting, NOW))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void aDraftCanBeRevised() {
        BountyTerms revised = terms(75_000, NOW.plus(Duration.ofDays(20)));
        fixture.given(new BountyDrafted(BOUNTY, ACME, validTerms(), NOW))
               .when(new ReviseBountyDraft(BOUNTY, ACME, revised, NOW.plusSeconds(5)))
               .expectEvents(new BountyDraftRevised(BOUNTY, revised, NOW.plusSeconds(5)));
    }

    @Test
    void aRevisionMustKeepTheTermsValid() {
        fixture.given(new BountyDrafted(BOUNTY, ACME, validTerms(), NOW))
               .when(new ReviseBountyDraft(BOUNTY, ACME, terms(0, NOW.plus(Duration.ofDays(20))), NOW))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void onlyTheBusinessThatDraftedABountyMayReviseIt() {
        fixture.given(new BountyDrafted(BOUNTY, ACME, validTerms(), NOW))
               .when(new ReviseBountyDraft(BOUNTY, OTHER_BUSINESS, terms(1, NOW.plus(Duration.ofDays(2))), NOW))
               .expectException(RuleViolation.class)
               .expectExceptionMessage("Only the business that drafted this bounty may revise it")
               .expectNoEvents();
    }
}
