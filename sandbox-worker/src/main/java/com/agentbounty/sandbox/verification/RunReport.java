package com.agentbounty.sandbox.verification;

import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationStatus;

import java.util.List;
import java.util.Objects;

/**
 * What one sandbox run produced, before scoring. For PASSED and FAILED, {@code tests} is complete; for a
 * stopped or refused run it holds what was known when the run ended (often nothing).
 */
public record RunReport(VerificationStatus status, List<TestOutcome> tests, String logs, boolean logsTruncated,
                        String detail) {

    public RunReport {
        Objects.requireNonNull(status, "status");
        tests = tests == null ? List.of() : List.copyOf(tests);
        logs = logs == null ? "" : logs;
    }

    public static RunReport stopped(VerificationStatus status, String detail) {
        return new RunReport(status, List.of(), "", false, detail);
    }

    public static RunReport stopped(VerificationStatus status, String detail, String logs, boolean logsTruncated) {
        return new RunReport(status, List.of(), logs, logsTruncated, detail);
    }

    /** The verdict of a run whose tests all ran: PASSED when there was at least one and all passed. */
    public static RunReport verdict(List<TestOutcome> tests, String logs, boolean logsTruncated) {
        if (tests.isEmpty()) {
            return new RunReport(VerificationStatus.ERROR, tests, logs, logsTruncated, "the acceptance tests defined no test");
        }
        boolean allPassed = tests.stream().allMatch(TestOutcome::passed);
        return new RunReport(allPassed ? VerificationStatus.PASSED : VerificationStatus.FAILED, tests, logs, logsTruncated, null);
    }

    public int passedCount() {
        return (int) tests.stream().filter(TestOutcome::passed).count();
    }
}
