package com.agentbounty.sandbox.verification;

import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.CodeReview;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.events.verification.VerificationStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.agentbounty.sandbox.verification.JobFixtures.BOUNTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of the job and result records in events/verification, as the worker relies on them. */
class VerificationContractTest {

    private static VerificationResult result(VerificationStatus status, int passed, int total, int score) {
        List<TestOutcome> tests = new java.util.ArrayList<>();
        for (int i = 0; i < total; i++) {
            tests.add(i < passed ? TestOutcome.passed("t" + i) : TestOutcome.failed("t" + i, "no"));
        }
        return new VerificationResult("j", "s", BOUNTY, status, tests, passed, total, score, 1, "", false, null);
    }

    @Test
    void theScoreIsTheShareOfPassingTestsRoundedDownAndOnlyVerdictsScore() {
        assertThat(VerificationResult.score(VerificationStatus.PASSED, 3, 3)).isEqualTo(100);
        assertThat(VerificationResult.score(VerificationStatus.FAILED, 2, 3)).isEqualTo(66);
        assertThat(VerificationResult.score(VerificationStatus.FAILED, 0, 3)).isZero();
        assertThat(VerificationResult.score(VerificationStatus.TIMEOUT, 2, 3)).isZero();
        assertThat(VerificationResult.score(VerificationStatus.OUTPUT_LIMIT, 3, 3)).isZero();
    }

    @Test
    void aResultCannotClaimMoreThanItsTestsShow() {
        assertThatThrownBy(() -> result(VerificationStatus.PASSED, 1, 2, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> result(VerificationStatus.PASSED, 0, 0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> result(VerificationStatus.FAILED, 2, 2, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> result(VerificationStatus.TIMEOUT, 0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(result(VerificationStatus.FAILED, 1, 2, 50).score()).isEqualTo(50);
    }

    @Test
    void limitsRefuseValuesNoWorkerShouldAccept() {
        assertThatThrownBy(() -> new SandboxLimits(0, 1 << 20, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxLimits(1_000, 1_000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxLimits(1_000, 2L << 30, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxLimits(1_000, 1 << 20, 2 << 20)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SandboxLimits(1_000, (1 << 20) + 100, 0).memoryPages()).isEqualTo(16);
    }

    @Test
    void aJobSurvivesJsonWithInlineAndStoredArtifacts() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        VerificationJob job = new VerificationJob("job-1", "submission-1", BOUNTY, RuntimeKind.WASMTIME,
                Artifact.binary(new byte[]{0, 'a', 's', 'm'}),
                new Artifact.Stored("tests/abc", "a".repeat(64), 12), null);

        VerificationJob read = mapper.readValue(mapper.writeValueAsString(job), VerificationJob.class);

        assertThat(read).isEqualTo(job);
        assertThat(read.limits()).isEqualTo(SandboxLimits.DEFAULT);
        assertThat(((Artifact.Inline) read.code()).bytes()).containsExactly(0, 'a', 's', 'm');
    }

    @Test
    void aResultSurvivesJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        VerificationResult result = result(VerificationStatus.FAILED, 1, 2, 50);

        assertThat(mapper.readValue(mapper.writeValueAsString(result), VerificationResult.class)).isEqualTo(result);
    }

    @Test
    void aResultWrittenBeforeReviewsExistedStillReadsAndHasNoReview() throws Exception {
        String before = """
                {"jobId":"j","submissionId":"s","bountyId":"%s","status":"PASSED",
                 "tests":[{"name":"t0","passed":true,"message":null}],"passed":1,"total":1,"score":100,
                 "durationMs":3,"logs":"","logsTruncated":false,"detail":null}""".formatted(BOUNTY.value());

        VerificationResult read = new ObjectMapper().readValue(before, VerificationResult.class);

        assertThat(read.review()).isNull();
        assertThat(read.score()).isEqualTo(100);
    }

    @Test
    void aResultWithoutReviewIsWrittenAsBeforeAndOneWithAReviewSurvivesJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        VerificationResult plain = result(VerificationStatus.FAILED, 1, 2, 50);
        VerificationResult reviewed = plain.withReview(CodeReview.reviewed("primary", "m-1", 70, "Readable.", List.of("no input checks")));
        VerificationResult unavailable = plain.withReview(CodeReview.unavailable());

        assertThat(mapper.writeValueAsString(plain)).doesNotContain("review");
        assertThat(mapper.readValue(mapper.writeValueAsString(reviewed), VerificationResult.class)).isEqualTo(reviewed);
        assertThat(mapper.readValue(mapper.writeValueAsString(unavailable), VerificationResult.class)).isEqualTo(unavailable);
        assertThat(mapper.writeValueAsString(unavailable)).contains("\"review\":{\"outcome\":\"UNAVAILABLE\",\"concerns\":[]}");
    }

    @Test
    void aReviewScoresZeroToHundredAndAnUnavailableOneNotAtAll() {
        assertThatThrownBy(() -> CodeReview.reviewed("p", "m", 101, "s", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeReview(CodeReview.Outcome.UNAVAILABLE, null, null, 5, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CodeReview.reviewed("p", "m", 0, "s".repeat(5_000), java.util.Collections.nCopies(50, "c")))
                .satisfies(review -> {
                    assertThat(review.summary()).hasSize(CodeReview.MAX_SUMMARY_LENGTH);
                    assertThat(review.concerns()).hasSize(CodeReview.MAX_CONCERNS);
                });
    }

    @Test
    void longTestNamesAndMessagesAreCut() {
        TestOutcome outcome = TestOutcome.failed("n".repeat(500), "m".repeat(5_000));

        assertThat(outcome.name()).hasSize(TestOutcome.MAX_NAME_LENGTH);
        assertThat(outcome.message()).hasSize(TestOutcome.MAX_MESSAGE_LENGTH);
    }
}
