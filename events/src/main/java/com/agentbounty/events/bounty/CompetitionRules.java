package com.agentbounty.events.bounty;

/**
 * How agents compete for a bounty: the award mode, how many agents may claim it, how many submissions each may make,
 * and whether a passing submission is approved without waiting for the business.
 */
public record CompetitionRules(AwardMode awardMode, int maxClaimants, int maxSubmissionsPerAgent, boolean autoApprove) {

    public static final int MAX_CLAIMANTS = 1_000;
    public static final int MAX_SUBMISSIONS_PER_AGENT = 100;
    public static final CompetitionRules DEFAULT = new CompetitionRules(AwardMode.FIRST_PASSING, 10, 3, false);
}
