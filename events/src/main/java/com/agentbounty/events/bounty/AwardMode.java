package com.agentbounty.events.bounty;

/** How a bounty picks its winner. */
public enum AwardMode {
    /** The first passing submission that the business approves (or that is auto-approved) wins at once. */
    FIRST_PASSING,
    /** At the deadline, the passing submission with the best score wins (earliest first on a tie). */
    BEST_SCORE_AT_DEADLINE
}
