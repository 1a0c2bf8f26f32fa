package com.agentbounty.sandbox.verification;

import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.events.verification.VerificationStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static com.agentbounty.sandbox.verification.JobFixtures.BOUNTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's entry point: which runtime runs a job, where its artifacts come from, how a run is scored. */
class VerificationServiceTest {

    /** A runtime that answers with a fixed report and remembers what it was given. */
    private static final class RecordingRuntime implements SandboxRuntime {
        private final RuntimeKind kind;
        private final RunReport answer;
        byte[] code;
        byte[] tests;

        RecordingRuntime(RuntimeKind kind, RunReport answer) {
            this.kind = kind;
            this.answer = answer;
        }

        @Override
        public RuntimeKind kind() {
            return kind;
        }

        @Override
        public RunReport run(byte[] code, byte[] tests, SandboxLimits limits) {
            this.code = code;
            this.tests = tests;
            return answer;
        }
    }

    private static final RunReport TWO_OF_THREE = new RunReport(VerificationStatus.FAILED,
            List.of(TestOutcome.passed("a"), TestOutcome.passed("b"), TestOutcome.failed("c", "no")), "log\n", false, null);

    private static VerificationJob job(RuntimeKind runtime, Artifact code, Artifact tests) {
        return new VerificationJob("job-42", "submission-7", BOUNTY, runtime, code, tests, JobFixtures.SMALL);
    }

    private static ArtifactFetcher noStore() {
        return stored -> {
            throw new AssertionError("nothing is stored");
        };
    }

    @Test
    void theJobsRuntimeChoosesTheSandboxAndTheResultCarriesTheJobsKeys() {
        RecordingRuntime quickJs = new RecordingRuntime(RuntimeKind.QUICKJS, TWO_OF_THREE);
        RecordingRuntime wasmtime = new RecordingRuntime(RuntimeKind.WASMTIME, RunReport.stopped(VerificationStatus.TIMEOUT, "slow"));
        VerificationService worker = new VerificationService(List.of(quickJs, wasmtime), new WorkerSettings(true), noStore());

        VerificationResult result = worker.verify(job(RuntimeKind.WASMTIME, Artifact.binary(new byte[]{0, 1}), Artifact.text("[]")));

        assertThat(wasmtime.code).containsExactly(0, 1);
        assertThat(quickJs.code).isNull();
        assertThat(result.jobId()).isEqualTo("job-42");
        assertThat(result.submissionId()).isEqualTo("submission-7");
        assertThat(result.bountyId()).isEqualTo(BOUNTY);
        assertThat(result.status()).isEqualTo(VerificationStatus.TIMEOUT);
        assertThat(result.detail()).isEqualTo("slow");
    }

    @Test
    void aRunIsScoredByTheShareOfPassingTests() {
        VerificationService worker = new VerificationService(
                List.of(new RecordingRuntime(RuntimeKind.QUICKJS, TWO_OF_THREE)), new WorkerSettings(false), noStore());

        VerificationResult result = worker.verify(job(RuntimeKind.QUICKJS, Artifact.text("x"), Artifact.text("y")));

        assertThat(result.passed()).isEqualTo(2);
        assertThat(result.total()).isEqualTo(3);
        assertThat(result.score()).isEqualTo(66);
        assertThat(result.logs()).isEqualTo("log\n");
    }

    @Test
    void withoutTheFlagAWorkerDoesNotServeWasmtimeJobs() {
        VerificationService worker = new VerificationService(
                List.of(new RecordingRuntime(RuntimeKind.WASMTIME, TWO_OF_THREE)),
                WorkerSettings.fromEnvironment(Map.of()), noStore());

        assertThat(worker.serves(RuntimeKind.WASMTIME)).isFalse();
        assertThatThrownBy(() -> worker.verify(job(RuntimeKind.WASMTIME, Artifact.binary(new byte[0]), Artifact.text("[]"))))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("USE_WASMTIME_SANDBOX");
    }

    @Test
    void theFlagIsReadFromTheEnvironment() {
        assertThat(WorkerSettings.fromEnvironment(Map.of("USE_WASMTIME_SANDBOX", "true")).wasmtimeEnabled()).isTrue();
        assertThat(WorkerSettings.fromEnvironment(Map.of("USE_WASMTIME_SANDBOX", "TRUE ")).wasmtimeEnabled()).isTrue();
        assertThat(WorkerSettings.fromEnvironment(Map.of("USE_WASMTIME_SANDBOX", "no")).wasmtimeEnabled()).isFalse();
    }

    @Test
    void storedArtifactsAreFetchedAndCheckedAgainstTheirHash() {
        byte[] code = "function f() {}".getBytes(StandardCharsets.UTF_8);
        RecordingRuntime quickJs = new RecordingRuntime(RuntimeKind.QUICKJS, TWO_OF_THREE);
        VerificationService worker = new VerificationService(List.of(quickJs), new WorkerSettings(false),
                stored -> stored.key().equals("code/1") ? code : "tests".getBytes(StandardCharsets.UTF_8));

        worker.verify(job(RuntimeKind.QUICKJS,
                new Artifact.Stored("code/1", VerificationService.sha256(code), code.length),
                new Artifact.Stored("tests/1", VerificationService.sha256("tests".getBytes(StandardCharsets.UTF_8)), 5)));

        assertThat(quickJs.code).isEqualTo(code);
        assertThat(new String(quickJs.tests, StandardCharsets.UTF_8)).isEqualTo("tests");
    }

    @Test
    void aStoredArtifactWhoseBytesDoNotMatchItsHashIsAnInfrastructureFailureNotAResult() {
        VerificationService worker = new VerificationService(
                List.of(new RecordingRuntime(RuntimeKind.QUICKJS, TWO_OF_THREE)), new WorkerSettings(false),
                stored -> "tampered".getBytes(StandardCharsets.UTF_8));
        String hashOfSomethingElse = VerificationService.sha256("original".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> worker.verify(job(RuntimeKind.QUICKJS,
                new Artifact.Stored("code/1", hashOfSomethingElse, 8), Artifact.text("tests"))))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("has sha256");
    }

    @Test
    void anArtifactStoreFailureIsAnInfrastructureFailure() {
        VerificationService worker = new VerificationService(
                List.of(new RecordingRuntime(RuntimeKind.QUICKJS, TWO_OF_THREE)), new WorkerSettings(false),
                stored -> {
                    throw new IllegalStateException("store down");
                });
        String anyHash = VerificationService.sha256(new byte[0]);

        assertThatThrownBy(() -> worker.verify(job(RuntimeKind.QUICKJS, new Artifact.Stored("code/1", anyHash, 0), Artifact.text("t"))))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasRootCauseMessage("store down");
    }
}
