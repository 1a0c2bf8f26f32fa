package com.agentbounty.sandbox.verification;

import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link VerificationJob} into a {@link VerificationResult}: fetches the artifacts, picks the
 * runtime the job names (if this worker serves it), runs it and scores the run. Idempotency, retries and
 * Kafka belong to the caller; this class is a pure function of the job plus the sandbox's behaviour.
 */
public class VerificationService {

    private final Map<RuntimeKind, SandboxRuntime> runtimes = new EnumMap<>(RuntimeKind.class);
    private final ArtifactFetcher fetcher;

    /**
     * @param available the runtimes this process built; a WASMTIME runtime is used only when the
     *                  {@code USE_WASMTIME_SANDBOX} flag is on
     */
    public VerificationService(List<SandboxRuntime> available, WorkerSettings settings, ArtifactFetcher fetcher) {
        for (SandboxRuntime runtime : available) {
            if (runtime.kind() != RuntimeKind.WASMTIME || settings.wasmtimeEnabled()) {
                runtimes.put(runtime.kind(), runtime);
            }
        }
        this.fetcher = fetcher;
    }

    public boolean serves(RuntimeKind kind) {
        return runtimes.containsKey(kind);
    }

    public VerificationResult verify(VerificationJob job) {
        SandboxRuntime runtime = runtimes.get(job.runtime());
        if (runtime == null) {
            throw new SandboxUnavailableException("this worker does not serve runtime " + job.runtime()
                    + (job.runtime() == RuntimeKind.WASMTIME ? " (set " + WorkerSettings.WASMTIME_FLAG + "=true)" : ""));
        }
        byte[] code = contentOf(job.code());
        byte[] tests = contentOf(job.tests());
        long started = System.nanoTime();
        RunReport report = runtime.run(code, tests, job.limits());
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        int passed = report.passedCount();
        int total = report.tests().size();
        return new VerificationResult(job.jobId(), job.submissionId(), job.bountyId(), report.status(), report.tests(),
                passed, total, VerificationResult.score(report.status(), passed, total), durationMs,
                report.logs(), report.logsTruncated(), report.detail());
    }

    /**
     * An artifact's bytes: inline ones decoded, stored ones fetched and checked against their SHA-256.
     *
     * @throws SandboxUnavailableException when a stored artifact cannot be fetched or does not match its hash
     */
    public byte[] contentOf(Artifact artifact) {
        if (artifact instanceof Artifact.Inline inline) {
            return inline.bytes();
        }
        Artifact.Stored stored = (Artifact.Stored) artifact;
        byte[] bytes;
        try {
            bytes = fetcher.fetch(stored);
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("cannot fetch artifact " + stored.key(), e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(stored.sha256())) {
            throw new SandboxUnavailableException("artifact " + stored.key() + " has sha256 " + actual
                    + ", expected " + stored.sha256());
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
