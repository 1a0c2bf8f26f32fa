package com.agentbounty.query.analytics;

import com.agentbounty.events.agent.AgentProfileRegistered;
import com.agentbounty.events.agent.AgentProfileTerms;
import com.agentbounty.events.analytics.Analytics;
import com.agentbounty.events.analytics.Analytics.DailyRow;
import com.agentbounty.events.analytics.Analytics.Figures;
import com.agentbounty.events.analytics.Analytics.Range;
import com.agentbounty.events.analytics.Analytics.SummaryRow;
import com.agentbounty.events.analytics.Analytics.TagRow;
import com.agentbounty.events.analytics.Analytics.TopAgentRow;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.query.Story;
import com.agentbounty.query.agent.AgentProfileProjection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Given a marketplace's history as events, the analyst's daily, summary, per-tag and top-agent figures. */
@SpringBootTest
class AnalyticsProjectionTest {

    private static final UserId ACME = new UserId("business-acme");
    private static final UserId ADA = new UserId("agent-ada");
    private static final UserId BOB = new UserId("agent-bob");
    private static final LocalDate D1 = LocalDate.parse("2026-11-02");
    private static final LocalDate D2 = LocalDate.parse("2026-11-03");
    private static final LocalDate D3 = LocalDate.parse("2026-11-05");
    private static final Range ALL = new Range(D1, D3);

    @Autowired
    AnalyticsProjection projection;

    @Autowired
    AgentProfileProjection profiles;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void empty() {
        projection.reset();
        jdbc.execute("TRUNCATE agent_profile");
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    private static Money usd(long cents) {
        return new Money(cents, "USD");
    }

    /**
     * b1 USD 100 [pdf, parsing] opened D1 10:00, awarded to ADA 6 h later, paid out D2; b2 USD 200 [pdf] opened D1
     * 12:00, awarded to BOB 24 h later and paid out; b3 EUR 50 [ocr] opened D1, expired and refunded D3; b4 USD 40
     * [pdf] opened and cancelled (refunded) on D2; b5 a draft only; b6 USD 80 [parsing] opened D2 09:00, awarded to
     * ADA 10 h later, not paid out yet.
     */
    private static Story history() {
        Money eur50 = new Money(5_000, "EUR");
        return new Story()
                .opened("b1", ACME, usd(10_000), at(D1, 10), "pdf", "parsing").awarded("b1", ADA, usd(10_000), at(D1, 16))
                .opened("b2", ACME, usd(20_000), at(D1, 12), "pdf")
                .opened("b3", ACME, eur50, at(D1, 11), "ocr")
                .drafted("b5", ACME, usd(3_000), at(D1, 13), "pdf")
                .opened("b4", ACME, usd(4_000), at(D2, 8), "pdf")
                .opened("b6", ACME, usd(8_000), at(D2, 9), "parsing")
                .paidOut("b1", ADA, usd(10_000), at(D2, 9))
                .cancelled("b4", usd(4_000), at(D2, 10))
                .awarded("b2", BOB, usd(20_000), at(D2, 12)).paidOut("b2", BOB, usd(20_000), at(D2, 12))
                .awarded("b6", ADA, usd(8_000), at(D2, 19))
                .expired("b3", eur50, at(D3, 11));
    }

    @Test
    void eachDaysFiguresPerCurrencyCountWhatHappenedThatDay() {
        history().tellTo(projection);

        assertThat(projection.handle(new Analytics.DailyQuery(ALL))).containsExactly(
                new DailyRow(D1, "EUR", 1, 0, 5_000, 0, 0, 0, 0),
                new DailyRow(D1, "USD", 2, 1, 30_000, 10_000, 1_500, 0, 0),
                new DailyRow(D2, "USD", 2, 2, 12_000, 28_000, 4_200, 25_500, 4_000),
                new DailyRow(D3, "EUR", 0, 0, 0, 0, 0, 0, 5_000));
        assertThat(projection.handle(new Analytics.DailyQuery(new Range(D3, D3)))).hasSize(1);
    }

    @Test
    void theSummaryGivesCompletionRateAndMedianTimeToAwardPerCurrency() {
        history().tellTo(projection);

        assertThat(projection.handle(new Analytics.SummaryQuery(ALL))).containsExactly(
                new SummaryRow("EUR", new Figures(1, 0, 1, 0, 0.0, null, 0, 0, 0, 5_000)),
                new SummaryRow("USD", new Figures(4, 3, 0, 1, 0.75, 36_000L, 38_000, 5_700, 25_500, 4_000)));
    }

    @Test
    void aShorterRangeCountsOnlyTheMomentsInsideIt() {
        history().tellTo(projection);

        assertThat(projection.handle(new Analytics.SummaryQuery(new Range(D2, D2)))).containsExactly(
                new SummaryRow("USD", new Figures(2, 2, 0, 1, 2.0 / 3, 61_200L, 28_000, 4_200, 25_500, 4_000)));
    }

    @Test
    void eachTagHasItsFiguresPerCurrency() {
        history().tellTo(projection);

        assertThat(projection.handle(new Analytics.TagsQuery(ALL))).containsExactly(
                new TagRow("ocr", "EUR", new Figures(1, 0, 1, 0, 0.0, null, 0, 0, 0, 5_000)),
                new TagRow("parsing", "USD", new Figures(2, 2, 0, 0, 1.0, 28_800L, 18_000, 2_700, 8_500, 0)),
                new TagRow("pdf", "USD", new Figures(3, 2, 0, 1, 2.0 / 3, 54_000L, 30_000, 4_500, 25_500, 4_000)));
    }

    @Test
    void topAgentsAreRankedByBountiesAwardedThenByEarnings() {
        history().tellTo(projection);
        new Story().at(at(D1, 1), new AgentProfileRegistered(ADA, "Ada Parser", new AgentProfileTerms("parses", List.of()), at(D1, 1)))
                .tellTo(profiles);

        assertThat(projection.handle(new Analytics.TopAgentsQuery(ALL, 10))).containsExactly(
                new TopAgentRow(1, "agent-ada", "Ada Parser", "USD", 2, 15_300),
                new TopAgentRow(2, "agent-bob", null, "USD", 1, 17_000));
        assertThat(projection.handle(new Analytics.TopAgentsQuery(ALL, 1))).extracting(TopAgentRow::agentId).containsExactly("agent-ada");
        assertThat(projection.handle(new Analytics.TopAgentsQuery(new Range(D1, D1), 10))).containsExactly(
                new TopAgentRow(1, "agent-ada", "Ada Parser", "USD", 1, 8_500));
    }

    /** Every column of every row, as JSON text (SQL arrays have no equals). */
    private List<String> rows() {
        return jdbc.queryForList("SELECT to_jsonb(b)::text FROM analytics_bounty b ORDER BY bounty_id", String.class);
    }

    @Test
    void replayingTheHistoryTwiceChangesNoFigureAndAResetEmptiesTheTable() {
        history().tellTo(projection);
        var rows = rows();
        var summary = projection.handle(new Analytics.SummaryQuery(ALL));

        history().tellTo(projection);

        assertThat(rows()).isEqualTo(rows);
        assertThat(projection.handle(new Analytics.SummaryQuery(ALL))).isEqualTo(summary);
        projection.reset();
        assertThat(projection.handle(new Analytics.DailyQuery(ALL))).isEmpty();
    }
}
