package com.agentbounty.query.agent;

/**
 * The reputation score (0-100) of an agent, stated once (docs/read-models.md):
 * <pre>
 * approval   A = (approved + 1) / (approved + rejected + 2)       reviews, smoothed: no review gives 0.5, one approval 0.67
 * quality    Q = (sum of verdict scores + 50) / (verdicts + 1) / 100   verification scores, smoothed toward 50
 * experience E = completed / (completed + 5)                     bounties completed, saturating: 5 give 0.5, 20 give 0.8
 * reputation = round(100 * (0.4 A + 0.4 Q + 0.2 E))
 * </pre>
 * The smoothing keeps one lucky submission from outranking a long record; a newcomer scores 40.
 */
public record Reputation(int approved, int rejected, int verdicts, long scoreSum, int completed) {

    public int score() {
        double approval = (approved + 1.0) / (approved + rejected + 2.0);
        double quality = (scoreSum + 50.0) / (verdicts + 1.0) / 100.0;
        double experience = completed / (completed + 5.0);
        return (int) Math.round(100 * (0.4 * approval + 0.4 * quality + 0.2 * experience));
    }

    /** Null before any review. */
    public Double approvalRate() {
        return approved + rejected == 0 ? null : (double) approved / (approved + rejected);
    }

    /** Null before any verdict. */
    public Double averageScore() {
        return verdicts == 0 ? null : (double) scoreSum / verdicts;
    }
}
