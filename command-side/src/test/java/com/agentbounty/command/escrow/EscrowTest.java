package com.agentbounty.command.escrow;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.escrow.*;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static com.agentbounty.command.RuleViolations.violation;
import static org.assertj.core.api.Assertions.assertThat;

class EscrowTest {

    private static final EscrowId ESCROW = new EscrowId("e-1");
    private static final BountyId BOUNTY = new BountyId("b-1");
    private static final UserId ACME = new UserId("business-acme");
    private static final UserId AGENT = new UserId("agent-a");
    private static final UserId OTHER_AGENT = new UserId("agent-b");
    private static final Money GROSS = new Money(10_001, "EUR");

    private AggregateTestFixture<Escrow> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Escrow.class);
    }

    private static EscrowRequested requested() {
        return new EscrowRequested(ESCROW, BOUNTY, ACME, GROSS, FundingStrategy.HOLD);
    }

    private static final Instant AUTHORISED_UNTIL = Instant.parse("2026-12-06T10:00:00Z");

    private static EscrowHeld held() {
        return new EscrowHeld(ESCROW, BOUNTY, GROSS, "pi_1", AUTHORISED_UNTIL);
    }

    /** 15 % of 100.01 EUR is 15.0015: the fee rounds down to 15.00, the agent gets 85.01. */
    private static EscrowCaptured captured() {
        return new EscrowCaptured(ESCROW, BOUNTY, AGENT, GROSS, new Money(1_500, "EUR"), new Money(8_501, "EUR"), "ch_1");
    }

    @Test
    void aConfirmedHoldHoldsTheGross() {
        fixture.given(requested())
               .when(new RecordEscrowHeld(ESCROW, "pi_1", AUTHORISED_UNTIL))
               .expectEvents(held())
               .expectState(escrow -> {
                   assertThat(escrow.ledger().balance(Ledger.Account.HELD)).isEqualTo(10_001);
                   assertThat(escrow.ledger().balances()).isTrue();
               });
    }

    @Test
    void aDuplicateConfirmationChangesNothing() {
        fixture.given(requested(), held())
               .when(new RecordEscrowHeld(ESCROW, "pi_1", AUTHORISED_UNTIL))
               .expectNoEvents();
    }

    @Test
    void captureSplitsTheGrossIntoFeeAndPayoutRoundingTheFeeDown() {
        fixture.given(requested(), held())
               .when(new RecordEscrowCaptured(ESCROW, AGENT, 1_500, "ch_1"))
               .expectEvents(captured())
               .expectState(escrow -> {
                   assertThat(escrow.ledger().balance(Ledger.Account.FEE_REVENUE)).isEqualTo(1_500);
                   assertThat(escrow.ledger().balance(Ledger.Account.AGENT_PAYABLE)).isEqualTo(8_501);
                   assertThat(escrow.ledger().balance(Ledger.Account.HELD)).isZero();
               });
    }

    @Test
    void aRetriedCaptureCapturesNothingMore() {
        fixture.given(requested(), held(), captured())
               .when(new RecordEscrowCaptured(ESCROW, AGENT, 1_500, "ch_1"))
               .expectNoEvents();
    }

    @Test
    void aCaptureForAnotherAgentAfterTheFirstIsRefused() {
        fixture.given(requested(), held(), captured())
               .when(new RecordEscrowCaptured(ESCROW, OTHER_AGENT, 1_500, "ch_2"))
               .expectException(violation("ALREADY_CAPTURED"));
    }

    @Test
    void nothingIsCapturedBeforeTheMoneyIsHeld() {
        fixture.given(requested())
               .when(new RecordEscrowCaptured(ESCROW, AGENT, 1_500, "ch_1"))
               .expectException(violation("ESCROW_NOT_HELD"));
    }

    @Test
    void aRefundedEscrowCannotBeCaptured() {
        fixture.given(requested(), held(), new EscrowRefunded(ESCROW, BOUNTY, GROSS, RefundReason.EXPIRED, "re_1"))
               .when(new RecordEscrowCaptured(ESCROW, AGENT, 1_500, "ch_1"))
               .expectException(violation("ALREADY_REFUNDED"));
    }

    @Test
    void aCapturedEscrowCannotBeRefunded() {
        fixture.given(requested(), held(), captured())
               .when(new RecordEscrowRefunded(ESCROW, RefundReason.EXPIRED, "re_1"))
               .expectException(violation("ALREADY_CAPTURED"));
    }

    @Test
    void aRefundReturnsTheWholeGrossOnce() {
        EscrowRefunded refunded = new EscrowRefunded(ESCROW, BOUNTY, GROSS, RefundReason.CANCELLED, "re_1");
        fixture.given(requested(), held())
               .when(new RecordEscrowRefunded(ESCROW, RefundReason.CANCELLED, "re_1"))
               .expectEvents(refunded)
               .expectState(escrow -> assertThat(escrow.ledger().balance(Ledger.Account.REFUNDED)).isEqualTo(10_001));
        fixture.given(requested(), held(), refunded)
               .when(new RecordEscrowRefunded(ESCROW, RefundReason.CANCELLED, "re_1"))
               .expectNoEvents();
    }

    @Test
    void thePayoutFollowsTheCaptureOnce() {
        EscrowPaidOut paid = new EscrowPaidOut(ESCROW, BOUNTY, AGENT, new Money(8_501, "EUR"), "tr_1");
        fixture.given(requested(), held(), captured())
               .when(new RecordPayoutTransferred(ESCROW, "tr_1"))
               .expectEvents(paid);
        fixture.given(requested(), held(), captured(), paid)
               .when(new RecordPayoutTransferred(ESCROW, "tr_1"))
               .expectNoEvents();
    }

    @Test
    void nothingIsPaidOutBeforeCapture() {
        fixture.given(requested(), held())
               .when(new RecordPayoutTransferred(ESCROW, "tr_1"))
               .expectException(violation("ESCROW_NOT_CAPTURED"));
    }

    @Test
    void aFailedPaymentIsRecordedOnlyWhileRequested() {
        fixture.given(requested())
               .when(new RecordEscrowFailed(ESCROW, "card_declined"))
               .expectEvents(new EscrowFailed(ESCROW, BOUNTY, "card_declined"));
        fixture.given(requested(), held())
               .when(new RecordEscrowFailed(ESCROW, "late failure"))
               .expectNoEvents();
    }

    @Test
    void aRenewedHoldKeepsTheSameMoneyHeldUnderItsNewAuthorisationOnce() {
        EscrowHoldRenewed renewed = new EscrowHoldRenewed(ESCROW, BOUNTY, "pi_2", AUTHORISED_UNTIL.plus(java.time.Duration.ofDays(6)));
        fixture.given(requested(), held())
               .when(new RecordHoldRenewed(ESCROW, "pi_2", renewed.authorisedUntil()))
               .expectEvents(renewed)
               .expectState(escrow -> {
                   assertThat(escrow.ledger().balance(Ledger.Account.HELD)).isEqualTo(10_001);
                   assertThat(escrow.ledger().balances()).isTrue();
               });
        fixture.given(requested(), held(), renewed)
               .when(new RecordHoldRenewed(ESCROW, "pi_2", renewed.authorisedUntil()))
               .expectNoEvents();
    }

    @Test
    void aHoldThatNoLongerMattersIsNeitherRenewedNorFailed() {
        fixture.given(requested(), held(), captured())
               .when(new RecordHoldRenewed(ESCROW, "pi_2", AUTHORISED_UNTIL))
               .expectNoEvents();
        fixture.given(requested(), held(), captured())
               .when(new RecordHoldRenewalFailed(ESCROW, "card_declined"))
               .expectNoEvents();
    }

    @Test
    void aRefusedRenewalIsRecordedOnceAndLeavesTheMoneyHeldForTheRefund() {
        EscrowHoldRenewalFailed failed = new EscrowHoldRenewalFailed(ESCROW, BOUNTY, "card_declined");
        fixture.given(requested(), held())
               .when(new RecordHoldRenewalFailed(ESCROW, "card_declined"))
               .expectEvents(failed)
               .expectState(escrow -> assertThat(escrow.status()).isEqualTo(EscrowStatus.HELD));
        fixture.given(requested(), held(), failed)
               .when(new RecordHoldRenewalFailed(ESCROW, "card_declined"))
               .expectNoEvents();
        fixture.given(requested(), held(), failed)
               .when(new RecordEscrowRefunded(ESCROW, RefundReason.HOLD_NOT_RENEWED, "pi_1"))
               .expectEvents(new EscrowRefunded(ESCROW, BOUNTY, GROSS, RefundReason.HOLD_NOT_RENEWED, "pi_1"));
    }
}
