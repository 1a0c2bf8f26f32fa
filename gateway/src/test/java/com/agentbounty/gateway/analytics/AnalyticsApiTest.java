package com.agentbounty.gateway.analytics;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The business dashboard, agent reputation and the analyst's figures over HTTP, after a whole bounty ran through the
 * money flow. Figures are global, so the flow uses a currency (NOK) and a tag no other test uses.
 */
class AnalyticsApiTest extends GatewayIntegrationTest {

    private static final String CURRENCY = "NOK";

    private User analyst() {
        String email = "analyst-" + UUID.randomUUID() + "@example.com";
        Reply created = postJson(admin(), "/api/admin/users", """
                {"email":"%s","password":"correct horse battery","displayName":"Analyst","role":"analyst"}""".formatted(email));
        assertThat(created.status()).isEqualTo(201);
        Reply login = login(email, "correct horse battery");
        return new User(created.body().get("id").asText(), login.body().get("accessToken").asText(), login.body().get("refreshToken").asText());
    }

    private ResponseEntity<String> getText(User as, String path, MediaType accept) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(as.accessToken());
        headers.setAccept(List.of(accept));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private static JsonNode rowWith(JsonNode table, String field, String value) {
        for (JsonNode row : table.path("rows")) {
            if (value.equals(row.path(field).asText())) {
                return row;
            }
        }
        return null;
    }

    @Test
    void afterAPaidOutBountyTheAnalystTheBusinessAndTheAgentEachSeeTheirFigures() {
        String tag = "analytics-" + UUID.randomUUID().toString().substring(0, 8);
        User acme = business();
        User winner = onboardedAgent();
        assertThat(send(HttpMethod.PUT, "/api/agents/me/profile", """
                {"displayName":"=Ada, \\"the\\" parser","headline":"parses","capabilities":[]}""", MediaType.APPLICATION_JSON, winner).status())
                .isEqualTo(200);
        String bounty = draftAndFund(acme, 10_000, CURRENCY, tag, Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS),
                "FIRST_PASSING");
        String submission = submit(winner, bounty, PASSING_CODE);
        awaitBody(winner, "/api/submissions/" + submission, field("status", "VERIFIED"));
        assertThat(postJson(acme, "/api/submissions/" + submission + "/approve", "").status()).isEqualTo(200);
        awaitBody(acme, "/api/bounties/" + bounty, field("status", "COMPLETED"));

        User analyst = analyst();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode summary = awaitBody(analyst, "/api/analytics/summary", body -> {
            JsonNode row = rowWith(body, "currency", CURRENCY);
            return row != null && row.path("paidOut").asLong() == 8_500;
        });
        JsonNode nok = rowWith(summary, "currency", CURRENCY);
        assertThat(nok.get("bountiesOpened").asLong()).isEqualTo(1);
        assertThat(nok.get("bountiesAwarded").asLong()).isEqualTo(1);
        assertThat(nok.get("completionRate").asDouble()).isEqualTo(1.0);
        assertThat(nok.get("medianSecondsToAward").asLong()).isBetween(0L, 120L);
        assertThat(nok.get("volume").asLong()).isEqualTo(10_000);
        assertThat(nok.get("feeRevenue").asLong()).isEqualTo(1_500);
        assertThat(nok.get("refunded").asLong()).isZero();
        assertThat(summary.get("to").asText()).isEqualTo(today);

        JsonNode daily = rowWith(get(analyst, "/api/analytics/daily?from=" + today + "&to=" + today).body(), "currency", CURRENCY);
        assertThat(daily.get("day").asText()).isEqualTo(today);
        assertThat(daily.get("funded").asLong()).isEqualTo(10_000);
        assertThat(daily.get("volume").asLong()).isEqualTo(10_000);
        JsonNode tagged = rowWith(get(analyst, "/api/analytics/tags").body(), "tag", tag);
        assertThat(tagged.get("currency").asText()).isEqualTo(CURRENCY);
        assertThat(tagged.get("feeRevenue").asLong()).isEqualTo(1_500);
        JsonNode top = rowWith(awaitBody(analyst, "/api/analytics/top-agents?limit=100",
                body -> rowWith(body, "agentId", winner.id()) != null), "agentId", winner.id());
        assertThat(top.get("wins").asLong()).isEqualTo(1);
        assertThat(top.get("earned").asLong()).isEqualTo(8_500);
        assertThat(top.get("currency").asText()).isEqualTo(CURRENCY);

        ResponseEntity<String> csv = getText(analyst, "/api/analytics/summary?format=csv", MediaType.ALL);
        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
        List<String> lines = csv.getBody().lines().toList();
        assertThat(lines.get(0)).isEqualTo("currency,bountiesOpened,bountiesAwarded,bountiesExpired,bountiesCancelled,completionRate,"
                + "medianSecondsToAward,volume,feeRevenue,paidOut,refunded");
        assertThat(lines).anyMatch(line -> line.startsWith("NOK,1,1,0,0,1.0,") && line.endsWith(",10000,1500,8500,0"));
        String topCsv = getText(analyst, "/api/analytics/top-agents?limit=100", MediaType.parseMediaType("text/csv")).getBody();
        assertThat(topCsv.lines().findFirst()).hasValue("rank,agentId,displayName,currency,wins,earned");
        assertThat(topCsv).as("quoted, and a formula defused").contains("," + winner.id() + ",\"'=Ada, \"\"the\"\" parser\",NOK,1,8500");

        JsonNode dashboard = get(acme, "/api/businesses/me/dashboard").body();
        assertThat(dashboard.at("/bountiesByStatus/COMPLETED").asInt()).isEqualTo(1);
        assertThat(dashboard.at("/byCurrency/0/currency").asText()).isEqualTo(CURRENCY);
        assertThat(dashboard.at("/byCurrency/0/spent/amount").asLong()).isEqualTo(10_000);
        assertThat(dashboard.at("/byCurrency/0/feesPaid/amount").asLong()).isEqualTo(1_500);
        assertThat(dashboard.at("/byCurrency/0/heldInEscrow/amount").asLong()).isZero();

        JsonNode profile = awaitBody(acme, "/api/agents/" + winner.id(), body -> body.at("/reputation/completedBounties").asInt() == 1);
        assertThat(profile.get("displayName").asText()).isEqualTo("=Ada, \"the\" parser");
        assertThat(profile.at("/reputation/approvalRate").asDouble()).isEqualTo(1.0);
        assertThat(profile.at("/reputation/averageScore").asDouble()).isEqualTo(100.0);
        assertThat(profile.at("/reputation/earned/0/amount").asLong()).isEqualTo(8_500);
        // A = 2/3, Q = 150/2/100, E = 1/6: 100 * (0.267 + 0.3 + 0.033) = 60
        assertThat(profile.at("/reputation/reputation").asInt()).isEqualTo(60);
        JsonNode earnings = get(winner, "/api/agents/me/earnings").body();
        assertThat(earnings.at("/byCurrency/0/earned/amount").asLong()).isEqualTo(8_500);
        assertThat(earnings.at("/byCurrency/0/awaitingPayout/amount").asLong()).isZero();
    }

    @Test
    void aBusinessSeesOnlyItsOwnDashboardAndMoneyHeldForItsOpenBounty() {
        User acme = business();
        User rival = business();
        draftAndFund(acme, 7_000, CURRENCY, "dashboard", Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS), "FIRST_PASSING");

        JsonNode mine = awaitBody(acme, "/api/businesses/me/dashboard", body -> body.at("/bountiesByStatus/OPEN").asInt() == 1
                && body.at("/byCurrency/0/heldInEscrow/amount").asLong() == 7_000);
        assertThat(mine.at("/byCurrency/0/spent/amount").asLong()).isZero();

        Reply theirs = get(rival, "/api/businesses/me/dashboard");
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.body().get("bountiesByStatus")).isEmpty();
        assertThat(theirs.body().get("byCurrency")).isEmpty();
        assertThat(get(agent(), "/api/businesses/me/dashboard").status()).as("agents have no dashboard").isEqualTo(403);
    }

    @Test
    void onlyAnalystsAndAdminsReadAnalytics() {
        for (String route : List.of("/api/analytics/daily", "/api/analytics/summary", "/api/analytics/tags", "/api/analytics/top-agents")) {
            assertThat(get(agent(), route).status()).as(route).isEqualTo(403);
            assertThat(get(business(), route).status()).as(route).isEqualTo(403);
            assertThat(get(null, route).status()).as(route).isEqualTo(401);
            assertThat(get(admin(), route).status()).as(route).isEqualTo(200);
        }
    }

    @Test
    void aBadRangeOrFormatIsRefusedWithTheStandardError() {
        User analyst = analyst();
        for (String query : List.of("from=2026-11-10&to=2026-11-01", "from=yesterday", "from=2025-01-01&to=2026-11-01", "format=xml", "to=2026-13-01")) {
            Reply reply = get(analyst, "/api/analytics/summary?" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.body().at("/error/code").asText()).as(query).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(get(analyst, "/api/analytics/top-agents?limit=0").status()).isEqualTo(400);
        assertThat(get(analyst, "/api/analytics/top-agents?limit=101").status()).isEqualTo(400);
    }

    @Test
    void anEmptyRangeAnswersNoRowsAndACsvOfOnlyTheHeader() {
        User analyst = analyst();

        JsonNode json = get(analyst, "/api/analytics/daily?from=2001-01-01&to=2001-01-31").body();
        String csv = getText(analyst, "/api/analytics/daily?from=2001-01-01&to=2001-01-31", MediaType.parseMediaType("text/csv")).getBody();

        assertThat(json.get("rows")).isEmpty();
        assertThat(json.get("from").asText()).isEqualTo("2001-01-01");
        assertThat(csv).isEqualTo("day,currency,bountiesOpened,bountiesAwarded,funded,volume,feeRevenue,paidOut,refunded\r\n");
    }
}
