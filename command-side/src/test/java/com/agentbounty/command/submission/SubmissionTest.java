package com.agentbounty.command.submission;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.submission.*;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.VerificationStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static com.agentbounty.command.RuleViolations.violation;

class SubmissionTest {

    private static final SubmissionId SUBMISSION = new SubmissionId("s-1");
    private static final BountyId BOUNTY = new BountyId("b-1");
    private static final UserId AGENT = new UserId("agent-a");
    private static final UserId ACME = new UserId("business-acme");
    private static final UserId RIVAL = new UserId("business-rival");
    private static final Artifact.Stored CODE = new Artifact.Stored("artifacts/x", "b".repeat(64), 10);
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    private AggregateTestFixture<Submission> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Submission.class);
    }

    private static SubmissionReceived received() {
        return new SubmissionReceived(SUBMISSION, BOUNTY, AGENT, ACME, CODE, AT);
    }

    private static VerificationRequested requested() {
        return new VerificationRequested(SUBMISSION, BOUNTY, "job-1", CODE);
    }

    private static VerificationCompleted verified(boolean passed) {
        return new VerificationCompleted(SUBMISSION, BOUNTY, AGENT, passed ? VerificationStatus.PASSED : VerificationStatus.FAILED,
                passed, passed ? 100 : 40, AT);
    }

    @Test
    void aReceivedSubmissionAsksForVerificationOnce() {
        fixture.given(received())
               .when(new RequestVerification(SUBMISSION, "job-1"))
               .expectEvents(requested());
        fixture.given(received(), requested())
               .when(new RequestVerification(SUBMISSION, "job-1"))
               .expectNoEvents();
    }

    @Test
    void aPassingResultCompletesVerification() {
        fixture.given(received(), requested())
               .when(new RecordVerificationResult(SUBMISSION, "job-1", VerificationStatus.PASSED, 10, 10, 100))
               .expectEvents(verified(true));
    }

    @Test
    void aSubmissionPassesOnlyWhenEveryTestPasses() {
        fixture.given(received(), requested())
               .when(new RecordVerificationResult(SUBMISSION, "job-1", VerificationStatus.FAILED, 4, 10, 40))
               .expectEvents(verified(false));
    }

    @Test
    void aRedeliveredResultChangesNothing() {
        fixture.given(received(), requested(), verified(true))
               .when(new RecordVerificationResult(SUBMISSION, "job-1", VerificationStatus.FAILED, 0, 10, 0))
               .expectNoEvents();
    }

    @Test
    void aResultForAnotherJobIsRefused() {
        fixture.given(received(), requested())
               .when(new RecordVerificationResult(SUBMISSION, "job-forged", VerificationStatus.PASSED, 1, 1, 100))
               .expectException(violation("UNKNOWN_VERIFICATION_JOB"))
               .expectNoEvents();
    }

    @Test
    void theBusinessApprovesAPassingSubmission() {
        fixture.given(received(), requested(), verified(true))
               .when(new ApproveSubmission(SUBMISSION, ACME))
               .expectEvents(new SubmissionApproved(SUBMISSION, BOUNTY, AGENT, ACME));
    }

    @Test
    void aFailingSubmissionCannotBeApproved() {
        fixture.given(received(), requested(), verified(false))
               .when(new ApproveSubmission(SUBMISSION, ACME))
               .expectException(violation("SUBMISSION_NOT_PASSING"));
    }

    @Test
    void anUnverifiedSubmissionCannotBeApproved() {
        fixture.given(received(), requested())
               .when(new ApproveSubmission(SUBMISSION, ACME))
               .expectException(violation("SUBMISSION_NOT_VERIFIED"));
    }

    @Test
    void onlyTheBountysBusinessReviews() {
        fixture.given(received(), requested(), verified(true))
               .when(new ApproveSubmission(SUBMISSION, RIVAL))
               .expectException(violation("NOT_BOUNTY_OWNER"));
        fixture.given(received(), requested(), verified(true))
               .when(new RejectSubmission(SUBMISSION, RIVAL, "no"))
               .expectException(violation("NOT_BOUNTY_OWNER"));
    }

    @Test
    void anApprovedSubmissionCannotBeRejected() {
        fixture.given(received(), requested(), verified(true), new SubmissionApproved(SUBMISSION, BOUNTY, AGENT, ACME))
               .when(new RejectSubmission(SUBMISSION, ACME, "changed my mind"))
               .expectException(violation("SUBMISSION_ALREADY_APPROVED"));
    }

    @Test
    void theBusinessRejectsASubmission() {
        fixture.given(received(), requested(), verified(false))
               .when(new RejectSubmission(SUBMISSION, ACME, "does not handle empty input"))
               .expectEvents(new SubmissionRejected(SUBMISSION, BOUNTY, AGENT, "does not handle empty input"));
    }
}
