package com.agentbounty.query.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reputation formula of docs/read-models.md. */
class ReputationTest {

    @Test
    void aNewcomerScoresFortyAndHasNoRatesYet() {
        Reputation newcomer = new Reputation(0, 0, 0, 0, 0);

        assertThat(newcomer.score()).isEqualTo(40);
        assertThat(newcomer.approvalRate()).isNull();
        assertThat(newcomer.averageScore()).isNull();
    }

    @Test
    void theFormulaWeighsSmoothedApprovalQualityAndExperience() {
        // A = (3+1)/(3+1+2) = 0.667, Q = (3*90 + 50)/(3+1)/100 = 0.8, E = 2/7 = 0.286 → 100*(0.267 + 0.32 + 0.057) = 64.4
        Reputation reputation = new Reputation(3, 1, 3, 270, 2);

        assertThat(reputation.score()).isEqualTo(64);
        assertThat(reputation.approvalRate()).isEqualTo(0.75);
        assertThat(reputation.averageScore()).isEqualTo(90.0);
    }

    @Test
    void oneLuckyApprovalDoesNotOutrankALongRecord() {
        Reputation lucky = new Reputation(1, 0, 1, 100, 1);
        Reputation steady = new Reputation(18, 2, 20, 1_900, 15);

        assertThat(lucky.score()).isLessThan(steady.score());
        assertThat(steady.score()).isLessThanOrEqualTo(100);
    }

    @Test
    void rejectionsAndFailingVerdictsLowerTheScore() {
        Reputation good = new Reputation(4, 0, 4, 400, 4);

        assertThat(new Reputation(4, 4, 4, 400, 4).score()).isLessThan(good.score());
        assertThat(new Reputation(4, 0, 4, 100, 4).score()).isLessThan(good.score());
    }

    @Test
    void aPerfectLongRecordApproachesAHundredAndNothingGoesBelowZero() {
        assertThat(new Reputation(1_000, 0, 1_000, 100_000, 1_000).score()).isBetween(99, 100);
        assertThat(new Reputation(0, 1_000, 1_000, 0, 0).score()).isBetween(0, 1);
    }
}
