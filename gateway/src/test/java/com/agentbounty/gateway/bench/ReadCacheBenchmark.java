package com.agentbounty.gateway.bench;

import com.agentbounty.gateway.security.SigningKeys;
import com.agentbounty.gateway.security.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cached reads against a trivial JSON endpoint of the same application, in one run (issue 6, docs/benchmarks.md).
 * Run with {@code bench/run-read-cache.sh}; never part of the ordinary test run.
 * <ol>
 *   <li>baseline: {@code GET /api/health/liveness} ({"status":"UP"}: no authentication, no rate limit, no I/O);</li>
 *   <li>second baseline: {@code GET /api/me/session} as an agent (id and role from the token: authenticated and rate
 *   limited like every API route, no other I/O);</li>
 *   <li>{@code GET /api/bounties?limit=20} as an agent: one cached page of 20 bounties (every agent shares it);</li>
 *   <li>{@code GET /api/bounties/{id}} as an agent: cached details of 20 bounties in turn.</li>
 *   <li>the same listing page for {@value #CROWD} agents, one at random per request (each one request every 0.3 to
 *   3 s, depending on the machine): quiet callers, most requests taking their rate-limit token from Redis one by one
 *   (ADR 0020), as a crowd of users would.</li>
 * </ol>
 * Goals, judged against the first baseline as the issue defines them: listing requests/s at least 0.8 of the
 * baseline's, its p99 at most twice the baseline's. The ratios against the second baseline are printed too: they show
 * what the cached read costs beyond what every API route pays. Missed goals are reported, not failed; the run fails
 * only when the measurement is broken (errors, reads that were not hits).
 */
// Sixteen clients on one account would meet the per-user API limit within a second; on a busy machine a Redis answer
// can take longer than the production 500 ms, which would fail sign-up closed (503) or skip the cache. With its budget
// raised, the account is a busy caller whose tokens the node leases in batches of up to 100 (ADR 0020): a crowd of
// quiet callers would pay a Redis round trip per request instead.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "agentbounty.rate-limits.limits.api.requests=100000000",
        "agentbounty.rate-limits.redis-timeout=3s",
        "spring.data.redis.timeout=3s"})
class ReadCacheBenchmark {

    private static final int CLIENTS = 16;
    private static final int CROWD = 2_000;
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 10));
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.window-seconds", 20));
    /**
     * The phases take turns: each round measures every phase for window/rounds, after a warm-up of
     * {@link #LATER_WARMUP} from the second round on, so that load from elsewhere on a shared machine, and the JIT
     * still compiling during the first phase, fall on every phase alike rather than on whichever ran when they came.
     * Measured in one round, the trivial endpoint (always first) paid for the warm-up and read slower than the
     * signed-in route: the listing's ratio read 1.47 where five rounds read 0.67, back to back (docs/benchmarks.md).
     */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final Duration LATER_WARMUP = Duration.ofSeconds(2);
    private static final double GOAL_RATIO = 0.8;
    private static final double GOAL_P99_FACTOR = 2;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    SigningKeys signingKeys;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void cachedReadsAgainstATrivialEndpoint() throws Exception {
        String business = signUp("business");
        String agent = signUp("agent");
        List<String> bounties = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bounties.add(draftAndFund(business, i));
        }
        for (String id : bounties) {
            awaitOpen(agent, id);
        }
        List<String> crowd = new ArrayList<>();
        for (int i = 0; i < CROWD; i++) { // minted, not signed up: a sign-up's password hash takes ~0.1 s
            crowd.add(TestTokens.signed(claims -> claims.subject(UUID.randomUUID().toString()).claim("role", "agent"), "at+jwt",
                    TestTokens.activeKey(signingKeys)));
        }
        CpuMeter cpu = new CpuMeter(-1);

        double listingHits = hits("bounty-listing");
        double listingFromMemory = fromMemory("bounty-listing");
        double listingMisses = misses("bounty-listing");
        double detailHits = hits("bounty-detail");
        double detailFromMemory = fromMemory("bounty-detail");
        double detailMisses = misses("bounty-detail");
        List<Callable<ClosedLoopLoad.Worker>> phases = List.of(
                () -> reader(List.of(), i -> "/api/health/liveness"),
                () -> reader(List.of(agent), i -> "/api/me/session"),
                () -> reader(List.of(agent), i -> "/api/bounties?limit=20"),
                () -> reader(List.of(agent), i -> "/api/bounties/" + bounties.get((int) (i % bounties.size()))),
                () -> reader(crowd, i -> "/api/bounties?limit=20"));
        List<ClosedLoopLoad.Result> results = new ArrayList<>(Collections.nCopies(phases.size(), null));
        for (int round = 0; round < ROUNDS; round++) {
            Duration warmup = round == 0 ? WARMUP : LATER_WARMUP;
            for (int phase = 0; phase < phases.size(); phase++) {
                ClosedLoopLoad.Result result = ClosedLoopLoad.run(CLIENTS, warmup, WINDOW.dividedBy(ROUNDS), phases.get(phase), null, cpu);
                results.set(phase, results.get(phase) == null ? result : results.get(phase).plus(result));
            }
        }
        ClosedLoopLoad.Result trivial = results.get(0);
        ClosedLoopLoad.Result session = results.get(1);
        ClosedLoopLoad.Result listing = results.get(2);
        ClosedLoopLoad.Result detail = results.get(3);
        ClosedLoopLoad.Result crowdListing = results.get(4);
        double listingHitRate = rate(hits("bounty-listing") - listingHits, misses("bounty-listing") - listingMisses);
        double detailHitRate = rate(hits("bounty-detail") - detailHits, misses("bounty-detail") - detailMisses);

        List<String> lines = new ArrayList<>();
        lines.add("Read cache benchmark: %d clients, %d s warm-up, %d s window in %d round(s), %d cores, JDK %s".formatted(CLIENTS, WARMUP.toSeconds(),
                WINDOW.toSeconds(), ROUNDS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        lines.add(row("trivial  GET /api/health/liveness", trivial, Double.NaN));
        lines.add(row("signed-in trivial  GET /api/me/session", session, Double.NaN));
        lines.add(row("listing  GET /api/bounties?limit=20", listing, listingHitRate)
                + memoryShare(fromMemory("bounty-listing") - listingFromMemory, hits("bounty-listing") - listingHits));
        lines.add(row("detail   GET /api/bounties/{id}", detail, detailHitRate)
                + memoryShare(fromMemory("bounty-detail") - detailFromMemory, hits("bounty-detail") - detailHits));
        lines.add(row("listing, %,d agents at random".formatted(CROWD), crowdListing, Double.NaN));
        double ratio = listing.perSecond() / trivial.perSecond();
        double p99Factor = listing.latency().millis(99) / trivial.latency().millis(99);
        lines.add(String.format(Locale.ROOT, "listing/trivial requests/s %.2f (goal >= %.1f: %s); p99 %.2f x the trivial one's (goal <= %.0f: %s)",
                ratio, GOAL_RATIO, ratio >= GOAL_RATIO ? "met" : "MISSED", p99Factor, GOAL_P99_FACTOR, p99Factor <= GOAL_P99_FACTOR ? "met" : "MISSED"));
        lines.add(String.format(Locale.ROOT, "detail/trivial requests/s %.2f; p99 %.2f x", detail.perSecond() / trivial.perSecond(),
                detail.latency().millis(99) / trivial.latency().millis(99)));
        lines.add(String.format(Locale.ROOT, "listing for %,d agents at random/trivial requests/s %.2f; p99 %.2f x (a Redis round trip per request for the rate limit)",
                CROWD, crowdListing.perSecond() / trivial.perSecond(), crowdListing.latency().millis(99) / trivial.latency().millis(99)));
        lines.add(String.format(Locale.ROOT, "against the signed-in trivial route: listing requests/s %.2f, p99 %.2f x; detail requests/s %.2f, p99 %.2f x;"
                        + " signed-in/trivial requests/s %.2f",
                listing.perSecond() / session.perSecond(), listing.latency().millis(99) / session.latency().millis(99),
                detail.perSecond() / session.perSecond(), detail.latency().millis(99) / session.latency().millis(99),
                session.perSecond() / trivial.perSecond()));
        lines.add("loadavg " + Files.readString(Path.of("/proc/loadavg")).trim());
        String report = String.join(System.lineSeparator(), lines);
        System.out.println(report);
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/read-cache-benchmark.txt"), report + System.lineSeparator());

        for (ClosedLoopLoad.Result result : List.of(trivial, session, listing, detail, crowdListing)) {
            assertThat(result.errors()).as("request errors, first: " + result.firstError()).isZero();
        }
        assertThat(listingHitRate).as("the listing was measured from the cache").isGreaterThan(0.99);
        assertThat(detailHitRate).as("the details were measured from the cache").isGreaterThan(0.99);
    }

    private interface PathOf {
        String path(long request);
    }

    /** @param tokens the callers, one at random for each request; none for an anonymous reader */
    private ClosedLoopLoad.Worker reader(List<String> tokens, PathOf paths) {
        long[] count = {0};
        return () -> {
            long request = count[0]++;
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + paths.path(request)))
                    .timeout(Duration.ofSeconds(30));
            if (!tokens.isEmpty()) {
                builder.header("Authorization", "Bearer " + tokens.get(ThreadLocalRandom.current().nextInt(tokens.size())));
            }
            HttpResponse<byte[]> response = http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
            }
            return ClosedLoopLoad.DONE;
        };
    }

    private static String row(String name, ClosedLoopLoad.Result result, double hitRate) {
        return String.format(Locale.ROOT, "%-40s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d%s", name, result.perSecond(),
                result.latency().millis(50), result.latency().millis(99), result.latency().maxMillis(), result.errors(),
                Double.isNaN(hitRate) ? "" : String.format(Locale.ROOT, "  cache hits %.2f %%", hitRate * 100));
    }

    /** What share of the hits needed no Redis round trip (ADR 0019). */
    private static String memoryShare(double fromMemory, double hits) {
        return String.format(Locale.ROOT, " (from memory %.1f %%)", hits == 0 ? 0 : fromMemory / hits * 100);
    }

    private double fromMemory(String cache) {
        return meters.get("cache.gets.memory").tag("cache", cache).counter().count();
    }

    private double hits(String cache) {
        return meters.get("cache.gets").tag("cache", cache).tag("result", "hit").counter().count();
    }

    private double misses(String cache) {
        return meters.get("cache.gets").tag("cache", cache).tag("result", "miss").counter().count();
    }

    private static double rate(double hits, double misses) {
        return hits + misses == 0 ? 0 : hits / (hits + misses);
    }

    private String signUp(String role) throws Exception {
        JsonNode body = call("POST", "/api/auth/register", null, """
                {"email":"bench-%s@example.com","password":"benchmark passphrase","displayName":"Bench","role":"%s"}"""
                .formatted(UUID.randomUUID(), role), 201);
        return body.get("accessToken").asText();
    }

    /** Funded, so that the bounty is public (drafts are not listed for agents). */
    private String draftAndFund(String business, int i) throws Exception {
        String deadline = Instant.now().plus(Duration.ofDays(10 + i)).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode created = call("POST", "/api/bounties", business, """
                {"title":"Benchmark bounty %d","description":"Parse ISO-8601 durations and return seconds","reward":{"amount":%d,"currency":"USD"},
                 "deadline":"%s","tags":["benchmark","parsing"],"acceptanceTests":{"runtime":"QUICKJS","source":"test('x', () => assertEqual(1, 1));"}}"""
                .formatted(i, 1_000 + i, deadline), 201);
        String id = created.get("id").asText();
        call("POST", "/api/bounties/" + id + "/fund", business, "", 202);
        return id;
    }

    private void awaitOpen(String token, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"OPEN".equals(call("GET", "/api/bounties/" + id, token, null, 200).path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bounty " + id + " never opened");
            }
            Thread.sleep(50);
        }
    }

    private JsonNode call(String method, String path, String token, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }
}
