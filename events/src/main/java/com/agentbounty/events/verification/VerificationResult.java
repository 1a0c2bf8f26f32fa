package com.agentbounty.events.verification;

import com.agentbounty.events.bounty.BountyId;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link VerificationJob} (Kafka {@code results-queue}), keyed by the job's idempotency key.
 * {@code score} is {@code 100 * passed / total} rounded down for a verdict (PASSED is always 100) and 0 for a
 * stopped or refused run. {@code logs} is the guest's console output, cut at the job's output limit
 * ({@code logsTruncated} then says so); {@code detail} explains a non-verdict status for humans.
 * {@code review} is the optional, advisory AI review (absent when reviews are off, and in results written before it
 * existed); it never changes status or score.
 */
public record VerificationResult(String jobId,
                                 String submissionId,
                                 BountyId bountyId,
                                 VerificationStatus status,
                                 List<TestOutcome> tests,
                                 int passed,
                                 int total,
                                 int score,
                                 long durationMs,
                                 String logs,
                                 boolean logsTruncated,
                                 String detail,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) CodeReview review) {

    /** A result without an AI review. */
    public VerificationResult(String jobId, String submissionId, BountyId bountyId, VerificationStatus status,
                              List<TestOutcome> tests, int passed, int total, int score, long durationMs, String logs,
                              boolean logsTruncated, String detail) {
        this(jobId, submissionId, bountyId, status, tests, passed, total, score, durationMs, logs, logsTruncated, detail, null);
    }

    public VerificationResult {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        tests = tests == null ? List.of() : List.copyOf(tests);
        logs = logs == null ? "" : logs;
        if (passed < 0 || total < 0 || passed > total) {
            throw new IllegalArgumentException("passed/total out of range: " + passed + "/" + total);
        }
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score out of range: " + score);
        }
        if (status == VerificationStatus.PASSED && (total == 0 || passed != total || score != 100)) {
            throw new IllegalArgumentException("PASSED needs every one of at least one test passing and score 100");
        }
        if (status == VerificationStatus.FAILED && (total == 0 || passed == total)) {
            throw new IllegalArgumentException("FAILED needs at least one failing test");
        }
        if (!status.isVerdict() && score != 0) {
            throw new IllegalArgumentException(status + " scores 0");
        }
    }

    public VerificationResult withReview(CodeReview review) {
        return new VerificationResult(jobId, submissionId, bountyId, status, tests, passed, total, score, durationMs, logs,
                logsTruncated, detail, review);
    }

    /** The score rule, stated once: the share of passing tests, rounded down; only verdicts score. */
    public static int score(VerificationStatus status, int passed, int total) {
        if (!status.isVerdict() || total == 0) {
            return 0;
        }
        return (int) (100L * passed / total);
    }
}
