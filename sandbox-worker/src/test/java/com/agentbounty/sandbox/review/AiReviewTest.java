package com.agentbounty.sandbox.review;

import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.CodeReview;
import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.sandbox.verification.JobFixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AI review over real HTTP against local OpenAI-compatible stubs: what is attached, what is sent, and that a
 * slow, failing or nonsensical provider never touches the verdict.
 */
class AiReviewTest {

    private static final String HIDDEN_TESTS = "test(\"secret edge case\", () => assertEqual(add(-7, 7), 0));";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ReviewProperties.CircuitBreaker ROOMY_CIRCUIT = new ReviewProperties.CircuitBreaker(10, 10, 50, Duration.ofMinutes(1));

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final VerificationJob job = new VerificationJob("job-r", "submission-r", JobFixtures.BOUNTY,
            com.agentbounty.events.verification.RuntimeKind.QUICKJS, Artifact.text(JobFixtures.ADD), Artifact.text(HIDDEN_TESTS),
            JobFixtures.ROOMY);
    private final VerificationResult failed = new VerificationResult("job-r", "submission-r", JobFixtures.BOUNTY,
            VerificationStatus.FAILED, List.of(TestOutcome.passed("adds"), TestOutcome.failed("secret edge case", "expected 0 but got 1")),
            1, 2, 50, 12, "", false, null);

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void aGoodReviewIsAttachedAndTheVerdictIsUnchanged() {
        ProviderStub primary = stub().reviews(72, "Correct for small numbers.", "no input validation", "no tests of its own");

        VerificationResult reviewed = reviews(false, ROOMY_CIRCUIT, provider("primary", primary)).attach(job, failed);

        assertThat(reviewed.review()).isEqualTo(CodeReview.reviewed("primary", "model-primary", 72, "Correct for small numbers.",
                List.of("no input validation", "no tests of its own")));
        assertThat(reviewed.withReview(null)).isEqualTo(failed);
        ProviderStub.Call call = primary.calls().get(0);
        assertThat(call.authorization()).isEqualTo("Bearer key-of-primary");
        assertThat(call.body()).contains("\"model\":\"model-primary\"").contains("function add(a, b)")
                .contains("FAILED, 1 of 2 acceptance tests passed").contains("secret edge case: failed");
    }

    @Test
    void theHiddenTestsAndFailureMessagesStayPrivateUnlessTheyAreShared() {
        ProviderStub primary = stub();

        reviews(false, ROOMY_CIRCUIT, provider("primary", primary)).attach(job, failed);
        reviews(true, ROOMY_CIRCUIT, provider("primary", primary)).attach(job, failed);

        assertThat(primary.calls().get(0).body()).doesNotContain("add(-7, 7)").doesNotContain("expected 0 but got 1");
        assertThat(primary.calls().get(1).body()).contains("add(-7, 7)").contains("expected 0 but got 1");
    }

    @Test
    void aProviderThatTimesOutIsSkippedForTheNext() {
        ProviderStub slow = stub().slowBy(10_000);
        ProviderStub second = stub().reviews(90, "Good.");
        long started = System.nanoTime();

        VerificationResult reviewed = reviews(false, ROOMY_CIRCUIT, provider("slow", slow), provider("second", second)).attach(job, failed);

        assertThat(reviewed.review().provider()).isEqualTo("second");
        assertThat(reviewed.review().score()).isEqualTo(90);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one timeout, not the slow answer").isLessThan(Duration.ofSeconds(6));
        assertThat(calls("slow", "timeout")).isEqualTo(1);
        assertThat(calls("second", "reviewed")).isEqualTo(1);
    }

    @Test
    void whenEveryProviderFailsTheReviewIsUnavailableAndTheVerdictStands() {
        ProviderStub down = stub().answers(503, "{\"error\":\"overloaded\"}");
        ProviderStub slow = stub().slowBy(10_000);

        VerificationResult reviewed = reviews(false, ROOMY_CIRCUIT, provider("down", down), provider("slow", slow)).attach(job, failed);

        assertThat(reviewed.review()).isEqualTo(CodeReview.unavailable());
        assertThat(reviewed.status()).isEqualTo(VerificationStatus.FAILED);
        assertThat(reviewed.score()).isEqualTo(50);
        assertThat(calls("down", "failed")).isEqualTo(1);
        assertThat(meters.counter("sandbox.reviews", "outcome", "unavailable").count()).isEqualTo(1);
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndTheFailingProviderIsNoLongerCalled() {
        ProviderStub failing = stub().answers(500, "{}");
        ProviderStub healthy = stub().reviews(60, "Works.");
        ResultReviews reviews = reviews(false, new ReviewProperties.CircuitBreaker(3, 3, 50, Duration.ofMinutes(1)),
                provider("failing", failing), provider("healthy", healthy));

        for (int i = 0; i < 6; i++) {
            assertThat(reviews.attach(job, failed).review().provider()).isEqualTo("healthy");
        }

        assertThat(failing.calls()).as("called until its circuit opened").hasSize(3);
        assertThat(calls("failing", "circuit-open")).isEqualTo(3);
        assertThat(meters.get("sandbox.review.circuit.open").tag("provider", "failing").gauge().value()).isEqualTo(1);
        assertThat(healthy.calls()).hasSize(6);
    }

    @Test
    void anAnswerThatIsNotTheExpectedJsonIsAFailure() {
        List<String> nonsense = List.of(
                "not json at all",
                ProviderStub.completion("I think the code is fine!"),
                ProviderStub.completion("{\"score\": 150, \"summary\": \"Too good.\"}"),
                ProviderStub.completion("{\"summary\": \"No score.\"}"),
                ProviderStub.completion("[1, 2, 3]"),
                "{\"choices\": []}",
                ProviderStub.completion("{\"score\": 50, \"summary\": \"" + "long ".repeat(20_000) + "\"}"));
        for (String answer : nonsense) {
            ProviderStub confused = stub().answers(200, answer);
            ProviderStub sane = stub().reviews(40, "Sane.");

            CodeReview review = reviews(false, ROOMY_CIRCUIT, provider("confused", confused), provider("sane", sane)).attach(job, failed).review();

            assertThat(review.provider()).as(answer.length() > 80 ? answer.substring(0, 80) : answer).isEqualTo("sane");
        }
        assertThat(calls("confused", "malformed")).isEqualTo(nonsense.size());
    }

    @Test
    void aReviewInACodeFenceIsStillRead() {
        ProviderStub fenced = stub().answers(200, ProviderStub.completion("```json\n{\"score\": 65, \"summary\": \"Fenced.\"}\n```"));

        assertThat(reviews(false, ROOMY_CIRCUIT, provider("fenced", fenced)).attach(job, failed).review().score()).isEqualTo(65);
    }

    @Test
    void reviewsOffLeaveTheResultAsItIs() {
        assertThat(ResultReviews.off().attach(job, failed)).isSameAs(failed);
    }

    private ProviderStub stub() {
        ProviderStub stub = new ProviderStub();
        open.add(stub);
        return stub;
    }

    private static ReviewProperties.Provider provider(String name, ProviderStub stub) {
        return new ReviewProperties.Provider(name, stub.baseUrl(), "model-" + name, "env:KEY_" + name.toUpperCase(), TIMEOUT);
    }

    private ResultReviews reviews(boolean shareHiddenTests, ReviewProperties.CircuitBreaker circuit, ReviewProperties.Provider... providers) {
        var properties = new ReviewProperties(true, List.of(providers), shareHiddenTests, 32_000, 65_536, circuit);
        Map<String, String> environment = new java.util.HashMap<>();
        for (ReviewProperties.Provider provider : providers) {
            environment.put("KEY_" + provider.name().toUpperCase(), "key-of-" + provider.name());
        }
        ReviewChain chain = ReviewChain.of(properties, new EnvironmentProviderKeys(environment::get), meters);
        open.add(chain);
        return new ResultReviews(chain, artifact -> ((Artifact.Inline) artifact).bytes(), shareHiddenTests, properties.maxCodeChars());
    }

    private long calls(String provider, String outcome) {
        var timer = meters.find("sandbox.review.calls").tag("provider", provider).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
