package com.agentbounty.events.analytics;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.LocalDate;

/**
 * The analyst's figures over a range of days (UTC, both ends included). Every row is flat and names its currency;
 * amounts are integer minor units of it and are never added across currencies. Each query answers {@code List} of its
 * row type. docs/read-models.md defines every figure.
 */
public final class Analytics {

    private Analytics() {
    }

    /** A range of whole days, {@code from} to {@code to} inclusive. */
    public record Range(LocalDate from, LocalDate to) {
    }

    /** Answers {@code List<DailyRow>}: one row per day and currency on which anything happened. */
    public record DailyQuery(Range range) {
    }

    /** Answers {@code List<SummaryRow>}: one row per currency. */
    public record SummaryQuery(Range range) {
    }

    /** Answers {@code List<TagRow>}: one row per tag and currency. */
    public record TagsQuery(Range range) {
    }

    /** Answers {@code List<TopAgentRow>}: the agents with the most bounties awarded in the range, per currency. */
    public record TopAgentsQuery(Range range, int limit) {
        public static final int MAX_LIMIT = 100;
    }

    public record DailyRow(LocalDate day, String currency, long bountiesOpened, long bountiesAwarded, long funded, long volume,
                           long feeRevenue, long paidOut, long refunded) {
    }

    /**
     * What happened in the range: bounties opened, awarded, expired and cancelled after opening; the completion rate
     * (awarded / (awarded + expired + cancelled), null when none ended); the median seconds from opening to award of
     * the bounties awarded (null when none); the gross captured (volume), fees, payouts and refunds.
     */
    public record Figures(long bountiesOpened, long bountiesAwarded, long bountiesExpired, long bountiesCancelled,
                          Double completionRate, Long medianSecondsToAward, long volume, long feeRevenue, long paidOut,
                          long refunded) {
    }

    public record SummaryRow(String currency, @JsonUnwrapped Figures figures) {
    }

    public record TagRow(String tag, String currency, @JsonUnwrapped Figures figures) {
    }

    public record TopAgentRow(int rank, String agentId, String displayName, String currency, long wins, long earned) {
    }
}
