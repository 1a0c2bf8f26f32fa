package com.agentbounty.sagas.bounty;

import com.agentbounty.events.agent.AgentPayoutAccountActivated;
import com.agentbounty.events.bounty.*;
import com.agentbounty.events.escrow.*;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.*;
import com.agentbounty.events.verification.Artifact;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The money flow of one bounty, from funding to payout or refund (DESIGN.md sections 4 and 5):
 * escrow secured → bounty open → each submission verified → a winner (first approved passing submission, or the best
 * score at the deadline) → capture and fee → payout → completed; or, with no winner by the deadline (plus review time
 * for passing submissions still unreviewed), expiry and a full refund; or cancellation and a full refund. A card hold
 * is renewed before it lapses; when it cannot be, the bounty ends and the hold is released in time.
 * Its state is kept in PostgreSQL and its deadlines survive restarts.
 */
public class BountyLifecycleSaga {

    static final String BOUNTY_DEADLINE = "bounty-deadline";
    static final String REVIEW_DEADLINE = "review-deadline";
    static final String VERIFICATION_TIMEOUT = "verification-timeout";
    static final String HOLD_RENEWAL = "hold-renewal";
    /** A hold is renewed this long before it lapses: room for the provider to be down for a while (retried every 5 min). */
    static final Duration HOLD_RENEWAL_MARGIN = Duration.ofDays(1);
    /** A hold whose lapse time is unknown (events recorded before it was) is taken to last the shortest card window. */
    static final Duration SHORTEST_HOLD = Duration.ofDays(5);

    private BountyId bountyId;
    private EscrowId escrowId;
    private Money reward;
    private FundingStrategy strategy;
    private AwardMode awardMode;
    private boolean autoApprove;
    private Duration reviewWindow;
    private boolean awarded;
    private int holdRenewals;
    private boolean holdNotRenewed;
    /** Set while the winner's share waits for its payout account. */
    private Money awaitingPayout;
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();

    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient PaymentProvider payments;
    @Autowired
    private transient VerificationDispatcher verification;
    @Autowired
    private transient PlatformFee platformFee;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient VerificationTimeout verificationTimeout;

    /** What the saga knows of one submission while the competition runs. */
    record Candidate(UserId agentId, boolean verified, boolean passed, int score, Instant submittedAt, boolean rejected) {

        Candidate verified(boolean passedAll, int newScore) {
            return new Candidate(agentId, true, passedAll, newScore, submittedAt, rejected);
        }

        Candidate asRejected() {
            return new Candidate(agentId, verified, passed, score, submittedAt, true);
        }

        boolean canWin() {
            return passed && !rejected;
        }
    }

    // --- funding

    @StartSaga
    @SagaEventHandler(associationProperty = "bountyId")
    void on(BountyFundingRequested event) {
        bountyId = event.bountyId();
        escrowId = event.escrowId();
        reward = event.reward();
        strategy = event.strategy();
        SagaLifecycle.associateWith("escrowId", escrowId.value());
        commands.sendAndWait(new RequestEscrow(escrowId, bountyId, event.businessId(), reward, strategy));
        payments.secure(escrowId, event.businessId(), reward, strategy, key("secure"));
    }

    @SagaEventHandler(associationProperty = "escrowId")
    void on(EscrowHeld event, @Timestamp Instant at) {
        commands.sendAndWait(new OpenBounty(bountyId, at));
        if (strategy == FundingStrategy.HOLD) {
            scheduleHoldRenewal(event.authorisedUntil() != null ? event.authorisedUntil() : at.plus(SHORTEST_HOLD));
        }
    }

    /** The business is told why (the bounty is a draft again); the refused payment can then take no money any more. */
    @EndSaga
    @SagaEventHandler(associationProperty = "escrowId")
    void on(EscrowFailed event) {
        commands.sendAndWait(new FailBountyFunding(bountyId, event.reason()));
        payments.release(escrowId, reward, strategy, key("release"));
    }

    // --- card holds lapse (about 7 days, 5 for some): renewed before they do, or released and the bounty ended

    private void scheduleHoldRenewal(Instant authorisedUntil) {
        deadlines.cancelAll(HOLD_RENEWAL);
        deadlines.schedule(authorisedUntil.minus(HOLD_RENEWAL_MARGIN), HOLD_RENEWAL);
    }

    /**
     * Each renewal has its own idempotency key ({@code reauth-1}, {@code reauth-2}, ...): a retry of one renewal (the
     * provider was down, the handler failed, so this state was not saved) asks with the same key again.
     */
    @DeadlineHandler(deadlineName = HOLD_RENEWAL)
    void onHoldRenewal() {
        if (awarded || holdNotRenewed) {
            return;
        }
        holdRenewals++;
        PaymentProvider.HoldRenewal renewal = payments.reauthorise(escrowId, reward, key("reauth-" + holdRenewals));
        if (renewal.isRenewed()) {
            commands.sendAndWait(new RecordHoldRenewed(escrowId, renewal.reference(), renewal.authorisedUntil()));
        } else {
            commands.sendAndWait(new RecordHoldRenewalFailed(escrowId, renewal.refusal()));
        }
    }

    @SagaEventHandler(associationProperty = "escrowId")
    void on(EscrowHoldRenewed event) {
        if (!awarded) {
            scheduleHoldRenewal(event.authorisedUntil());
        }
    }

    /** The old hold still stands for a while: the bounty ends now and the hold is released, never left to lapse. */
    @SagaEventHandler(associationProperty = "escrowId")
    void on(EscrowHoldRenewalFailed event, @Timestamp Instant at) {
        holdNotRenewed = true;
        commands.sendAndWait(new ExpireBounty(bountyId, at));
    }

    @SagaEventHandler(associationProperty = "bountyId")
    void on(BountyOpened event) {
        awardMode = event.rules().awardMode();
        autoApprove = event.rules().autoApprove();
        reviewWindow = event.reviewWindow();
        deadlines.schedule(event.deadline(), BOUNTY_DEADLINE);
    }

    // --- submissions and verification

    @SagaEventHandler(associationProperty = "bountyId")
    void on(SolutionSubmitted event) {
        candidates.put(event.submissionId().value(), new Candidate(event.agentId(), false, false, 0, event.submittedAt(), false));
        SagaLifecycle.associateWith("submissionId", event.submissionId().value());
        commands.sendAndWait(new RegisterSubmission(event.submissionId(), bountyId, event.agentId(), event.businessId(),
                event.code(), event.submittedAt()));
    }

    @SagaEventHandler(associationProperty = "submissionId")
    void on(SubmissionReceived event) {
        // One job per submission, so a redelivered event asks for the same run, never a second one.
        commands.sendAndWait(new RequestVerification(event.submissionId(), event.submissionId().value() + ":verify"));
    }

    @SagaEventHandler(associationProperty = "submissionId")
    void on(VerificationRequested event) {
        PendingVerification pending = new PendingVerification(event.jobId(), event.submissionId(), event.bountyId(), event.code());
        verification.dispatch(pending.jobId(), pending.submissionId(), pending.bountyId(), pending.code());
        deadlines.schedule(verificationTimeout.duration(), VERIFICATION_TIMEOUT, pending);
    }

    /** A job in flight, kept with its timeout so that it can be sent again as it was. */
    record PendingVerification(String jobId, SubmissionId submissionId, BountyId bountyId, Artifact.Stored code) {
    }

    /**
     * No verdict yet: the job may have been lost (a broker without persistence restarted, a dead-lettered job). It is
     * sent again under the same job id, so a worker that did run it answers with its stored result instead of running
     * it twice.
     */
    @DeadlineHandler(deadlineName = VERIFICATION_TIMEOUT)
    void onVerificationTimeout(PendingVerification pending) {
        Candidate candidate = candidates.get(pending.submissionId().value());
        if (candidate != null && !candidate.verified() && !awarded) {
            verification.dispatch(pending.jobId(), pending.submissionId(), pending.bountyId(), pending.code());
            deadlines.schedule(verificationTimeout.duration(), VERIFICATION_TIMEOUT, pending);
        }
    }

    @SagaEventHandler(associationProperty = "submissionId")
    void on(VerificationCompleted event) {
        candidates.computeIfPresent(event.submissionId().value(), (id, candidate) -> candidate.verified(event.passed(), event.score()));
        if (event.passed() && awardMode == AwardMode.FIRST_PASSING && autoApprove && !awarded) {
            commands.sendAndWait(new ApproveSubmission(event.submissionId(), null));
        }
    }

    @SagaEventHandler(associationProperty = "submissionId")
    void on(SubmissionApproved event) {
        if (awardMode == AwardMode.FIRST_PASSING && !awarded) {
            award(event.submissionId().value());
        }
    }

    @SagaEventHandler(associationProperty = "submissionId")
    void on(SubmissionRejected event) {
        candidates.computeIfPresent(event.submissionId().value(), (id, candidate) -> candidate.asRejected());
    }

    // --- deadlines

    @DeadlineHandler(deadlineName = BOUNTY_DEADLINE)
    void onDeadline(@Timestamp Instant at) {
        if (awarded) {
            return;
        }
        if (awardMode == AwardMode.BEST_SCORE_AT_DEADLINE) {
            Optional<String> best = candidates.entrySet().stream()
                    .filter(entry -> entry.getValue().canWin())
                    .min(Comparator.<Map.Entry<String, Candidate>>comparingInt(entry -> -entry.getValue().score())
                            .thenComparing(entry -> entry.getValue().submittedAt()))
                    .map(Map.Entry::getKey);
            if (best.isPresent()) {
                award(best.get());
                return;
            }
        } else if (candidates.values().stream().anyMatch(Candidate::canWin)) {
            // Passing work is waiting for the business's review: give it the review window before refunding.
            deadlines.schedule(at.plus(reviewWindow), REVIEW_DEADLINE);
            return;
        }
        commands.sendAndWait(new ExpireBounty(bountyId, at));
    }

    @DeadlineHandler(deadlineName = REVIEW_DEADLINE)
    void onReviewDeadline(@Timestamp Instant at) {
        if (!awarded) {
            commands.sendAndWait(new ExpireBounty(bountyId, at));
        }
    }

    // --- award, capture, payout

    private void award(String submissionId) {
        Candidate winner = candidates.get(submissionId);
        commands.sendAndWait(new AwardBounty(bountyId, new SubmissionId(submissionId), winner.agentId()));
    }

    @SagaEventHandler(associationProperty = "bountyId")
    void on(BountyAwarded event) {
        awarded = true;
        deadlines.cancelAll(BOUNTY_DEADLINE);
        deadlines.cancelAll(REVIEW_DEADLINE);
        deadlines.cancelAll(VERIFICATION_TIMEOUT);
        deadlines.cancelAll(HOLD_RENEWAL);
        String reference = payments.capture(escrowId, reward, strategy, key("capture"));
        commands.sendAndWait(new RecordEscrowCaptured(escrowId, event.agentId(), platformFee.basisPoints(), reference));
    }

    @SagaEventHandler(associationProperty = "escrowId")
    void on(EscrowCaptured event) {
        awaitingPayout = event.payout();
        SagaLifecycle.associateWith("agentId", event.agentId().value());
        transferTo(event.agentId());
    }

    /** The winner had no payout account at capture; now it has one, its payable leaves. */
    @SagaEventHandler(associationProperty = "agentId")
    void on(AgentPayoutAccountActivated event) {
        if (awaitingPayout != null) {
            transferTo(event.agentId());
        }
    }

    private void transferTo(UserId agent) {
        payments.transfer(escrowId, agent, awaitingPayout, key("payout"))
                .ifPresent(reference -> commands.sendAndWait(new RecordPayoutTransferred(escrowId, reference)));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "escrowId")
    void on(EscrowPaidOut event) {
        awaitingPayout = null;
        commands.sendAndWait(new CompleteBounty(bountyId));
    }

    // --- refunds

    @SagaEventHandler(associationProperty = "bountyId")
    void on(BountyExpired event) {
        deadlines.cancelAll(BOUNTY_DEADLINE);
        deadlines.cancelAll(REVIEW_DEADLINE);
        deadlines.cancelAll(VERIFICATION_TIMEOUT);
        deadlines.cancelAll(HOLD_RENEWAL);
        refund(holdNotRenewed ? RefundReason.HOLD_NOT_RENEWED : RefundReason.EXPIRED);
    }

    @SagaEventHandler(associationProperty = "bountyId")
    void on(BountyCancelled event) {
        deadlines.cancelAll(BOUNTY_DEADLINE);
        deadlines.cancelAll(VERIFICATION_TIMEOUT);
        deadlines.cancelAll(HOLD_RENEWAL);
        if (event.escrowId() != null) {
            refund(RefundReason.CANCELLED);
        }
    }

    private void refund(RefundReason reason) {
        String reference = payments.refund(escrowId, reward, strategy, key("refund"));
        commands.sendAndWait(new RecordEscrowRefunded(escrowId, reason, reference));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "escrowId")
    void on(EscrowRefunded event) {
        // the business has its money back; nothing is left to do
    }

    /** The provider's idempotency key for one step of this escrow: the same on every retry and after a restart. */
    private String key(String step) {
        return escrowId.value() + ":" + step;
    }
}
