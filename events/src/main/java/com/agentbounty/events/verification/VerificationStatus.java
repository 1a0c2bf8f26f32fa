package com.agentbounty.events.verification;

/**
 * How a verification run ended. Only PASSED and FAILED are verdicts on the tests; the others say the run
 * was stopped or refused, and score 0. A failing test is a result, never a reason to retry the job.
 */
public enum VerificationStatus {
    /** Every test ran and passed (at least one test). */
    PASSED,
    /** Every test ran; at least one failed. The score is the share that passed. */
    FAILED,
    /** The run used up its wall-clock budget (an endless loop, a catastrophic regex, a promise that spins). */
    TIMEOUT,
    /** The guest asked for more memory than its limit, exhausted its call stack, or declared a larger memory than allowed. */
    MEMORY_LIMIT,
    /** The guest wrote more console output than its limit. */
    OUTPUT_LIMIT,
    /** The run could not produce a verdict: code that does not load, tests that crash, a refused module, tampering with the harness. */
    ERROR;

    public boolean isVerdict() {
        return this == PASSED || this == FAILED;
    }
}
