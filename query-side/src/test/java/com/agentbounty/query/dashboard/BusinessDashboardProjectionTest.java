package com.agentbounty.query.dashboard;

import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.dashboard.BusinessDashboard;
import com.agentbounty.events.dashboard.BusinessDashboard.BusinessDashboardQuery;
import com.agentbounty.events.dashboard.BusinessDashboard.Line;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.query.Story;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Given a business's bounties as events, its dashboard counts them by status and sums their money per currency. */
@SpringBootTest
class BusinessDashboardProjectionTest {

    private static final UserId ACME = new UserId("business-acme");
    private static final UserId RIVAL = new UserId("business-rival");
    private static final UserId ADA = new UserId("agent-ada");
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Money USD_100 = new Money(10_000, "USD");
    private static final Money USD_50 = new Money(5_000, "USD");
    private static final Money EUR_30 = new Money(3_000, "EUR");

    @Autowired
    BusinessDashboardProjection projection;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void empty() {
        projection.reset();
    }

    /** ACME: one bounty paid out, one open (held), one expired and refunded, one draft; RIVAL: one open. */
    private static Story history() {
        return new Story()
                .opened("won", ACME, USD_100, T0).awarded("won", ADA, USD_100, T0.plusSeconds(60)).paidOut("won", ADA, USD_100, T0.plusSeconds(61))
                .opened("open", ACME, USD_50, T0)
                .opened("expired", ACME, EUR_30, T0).expired("expired", EUR_30, T0.plusSeconds(120))
                .drafted("draft", ACME, new Money(2_000, "USD"), T0)
                .opened("rivals", RIVAL, new Money(7_000, "USD"), T0);
    }

    private BusinessDashboard dashboardOf(UserId business) {
        return projection.handle(new BusinessDashboardQuery(business));
    }

    @Test
    void aBusinessSeesItsOwnBountiesByStatusAndItsMoneyPerCurrencyNeverAddedAcrossCurrencies() {
        history().tellTo(projection);

        BusinessDashboard acme = dashboardOf(ACME);

        assertThat(acme.bountiesByStatus()).isEqualTo(Map.of(BountyStatus.COMPLETED, 1, BountyStatus.OPEN, 1, BountyStatus.EXPIRED, 1,
                BountyStatus.DRAFT, 1));
        assertThat(acme.byCurrency()).containsExactly(
                new Line("EUR", new Money(0, "EUR"), new Money(0, "EUR"), EUR_30, new Money(0, "EUR")),
                new Line("USD", USD_100, new Money(1_500, "USD"), new Money(0, "USD"), USD_50));
    }

    @Test
    void anotherBusinesssBountiesNeverReachADashboard() {
        history().tellTo(projection);

        BusinessDashboard rival = dashboardOf(RIVAL);

        assertThat(rival.bountiesByStatus()).isEqualTo(Map.of(BountyStatus.OPEN, 1));
        assertThat(rival.byCurrency()).containsExactly(new Line("USD", new Money(0, "USD"), new Money(0, "USD"), new Money(0, "USD"),
                new Money(7_000, "USD")));
        assertThat(dashboardOf(new UserId("business-new")).bountiesByStatus()).isEmpty();
    }

    @Test
    void aHoldIsNoLongerHeldOnceCapturedAndSpendIsCountedOnce() {
        Story story = new Story().opened("b", ACME, USD_100, T0);
        story.tellTo(projection);
        assertThat(dashboardOf(ACME).byCurrency()).extracting(Line::heldInEscrow, Line::spent).containsExactly(
                org.assertj.core.groups.Tuple.tuple(USD_100, new Money(0, "USD")));

        story.awarded("b", ADA, USD_100, T0.plusSeconds(5)).tellTo(projection);

        assertThat(dashboardOf(ACME).byCurrency()).extracting(Line::heldInEscrow, Line::spent).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new Money(0, "USD"), USD_100));
    }

    @Test
    void replayingTheHistoryTwiceChangesNothingAndAResetEmptiesTheTable() {
        history().tellTo(projection);
        var rows = jdbc.queryForList("SELECT * FROM business_dashboard_bounty ORDER BY bounty_id");
        BusinessDashboard once = dashboardOf(ACME);

        history().tellTo(projection);

        assertThat(jdbc.queryForList("SELECT * FROM business_dashboard_bounty ORDER BY bounty_id")).isEqualTo(rows);
        assertThat(dashboardOf(ACME)).isEqualTo(once);

        projection.reset();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM business_dashboard_bounty", Long.class)).isZero();
        history().tellTo(projection);
        assertThat(dashboardOf(ACME)).isEqualTo(once);
    }
}
