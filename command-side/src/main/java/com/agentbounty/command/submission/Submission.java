package com.agentbounty.command.submission;

import com.agentbounty.events.RuleViolation;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.submission.*;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.VerificationStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Instant;

import static com.agentbounty.events.RuleViolation.Kind.CONFLICT;
import static com.agentbounty.events.RuleViolation.Kind.FORBIDDEN;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One piece of code an agent handed in: RECEIVED → VERIFYING → VERIFIED → APPROVED | REJECTED. Only the verification
 * the submission asked for may complete it, and only the bounty's business may review it.
 */
public class Submission {

    @AggregateIdentifier
    private SubmissionId id;
    private BountyId bountyId;
    private UserId agentId;
    private UserId businessId;
    private Artifact.Stored code;
    private Instant submittedAt;
    private SubmissionStatus status;
    private String jobId;
    private boolean passed;

    @CommandHandler
    public Submission(RegisterSubmission command) {
        apply(new SubmissionReceived(command.submissionId(), command.bountyId(), command.agentId(), command.businessId(),
                command.code(), command.submittedAt()));
    }

    @CommandHandler
    void handle(RequestVerification command) {
        if (status == SubmissionStatus.VERIFYING && command.jobId().equals(jobId)) {
            return; // the same request again
        }
        requireStatus(SubmissionStatus.RECEIVED, "Verification was already requested");
        apply(new VerificationRequested(id, bountyId, command.jobId(), code));
    }

    @CommandHandler
    void handle(RecordVerificationResult command) {
        if (!command.jobId().equals(jobId)) {
            throw new RuleViolation(CONFLICT, "UNKNOWN_VERIFICATION_JOB", "This submission did not ask for job " + command.jobId());
        }
        if (status != SubmissionStatus.VERIFYING) {
            return; // a redelivered result: the first one stands
        }
        boolean allPassed = command.status() == VerificationStatus.PASSED && command.total() > 0 && command.passed() == command.total();
        apply(new VerificationCompleted(id, bountyId, agentId, command.status(), allPassed, command.score(), submittedAt));
    }

    @CommandHandler
    void handle(ApproveSubmission command) {
        requireReviewer(command.approvedBy());
        if (status == SubmissionStatus.APPROVED) {
            return;
        }
        requireStatus(SubmissionStatus.VERIFIED, "Only a verified submission can be approved");
        if (!passed) {
            throw new RuleViolation(CONFLICT, "SUBMISSION_NOT_PASSING", "Only a submission that passed every acceptance test can be approved");
        }
        apply(new SubmissionApproved(id, bountyId, agentId, command.approvedBy()));
    }

    @CommandHandler
    void handle(RejectSubmission command) {
        requireReviewer(command.rejectedBy());
        if (status == SubmissionStatus.REJECTED) {
            return;
        }
        if (status == SubmissionStatus.APPROVED) {
            throw new RuleViolation(CONFLICT, "SUBMISSION_ALREADY_APPROVED", "An approved submission cannot be rejected");
        }
        apply(new SubmissionRejected(id, bountyId, agentId, command.reason()));
    }

    @EventSourcingHandler
    void on(SubmissionReceived event) {
        id = event.submissionId();
        bountyId = event.bountyId();
        agentId = event.agentId();
        businessId = event.businessId();
        code = event.code();
        submittedAt = event.submittedAt();
        status = SubmissionStatus.RECEIVED;
    }

    @EventSourcingHandler
    void on(VerificationRequested event) {
        jobId = event.jobId();
        status = SubmissionStatus.VERIFYING;
    }

    @EventSourcingHandler
    void on(VerificationCompleted event) {
        passed = event.passed();
        status = SubmissionStatus.VERIFIED;
    }

    @EventSourcingHandler
    void on(SubmissionApproved event) {
        status = SubmissionStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(SubmissionRejected event) {
        status = SubmissionStatus.REJECTED;
    }

    /** The business reviews; a null reviewer is the bounty's own auto-approval, sent by the lifecycle saga. */
    private void requireReviewer(UserId reviewer) {
        if (reviewer != null && !reviewer.equals(businessId)) {
            throw new RuleViolation(FORBIDDEN, "NOT_BOUNTY_OWNER", "Only the bounty's business reviews its submissions");
        }
    }

    private void requireStatus(SubmissionStatus required, String message) {
        if (status != required) {
            throw new RuleViolation(CONFLICT, "SUBMISSION_NOT_" + required, message + "; this submission is " + status);
        }
    }

    protected Submission() {
        // required by Axon to rebuild the aggregate from its events
    }
}
