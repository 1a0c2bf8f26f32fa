package com.agentbounty.sandbox.verification;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.VerificationJob;

import java.util.concurrent.atomic.AtomicInteger;

/** Jobs as the worker receives them, with limits small enough that a whole abuse corpus runs in seconds. */
public final class JobFixtures {

    public static final BountyId BOUNTY = BountyId.of("bounty-1");
    /** 500 ms of wall clock, 16 MiB of guest memory, 4 KiB of console output: for runs expected to time out. */
    public static final SandboxLimits SMALL = new SandboxLimits(500, 16L << 20, 4 << 10);
    /**
     * The same memory and output limits with 10 s of wall clock, for every run that is expected to end by
     * itself: they take milliseconds, and the roomy clock keeps them from timing out on a busy machine.
     */
    public static final SandboxLimits ROOMY = new SandboxLimits(10_000, 16L << 20, 4 << 10);

    public static final String ADD = "function add(a, b) { return a + b; }";
    /** A normal job's tests; the second test also proves that nothing of an earlier job is left in the realm. */
    public static final String ADD_TESTS = """
            test("adds", () => assertEqual(add(2, 3), 5));
            test("starts from a clean realm", () => assertEqual(
                [typeof leak, typeof ({}).polluted, typeof Array.prototype.push, typeof JSON.stringify, Object.is(1, 2)],
                ["undefined", "undefined", "function", "function", false]));
            """;

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private JobFixtures() {
    }

    public static VerificationJob javascript(String code, String tests) {
        return javascript(code, tests, ROOMY);
    }

    public static VerificationJob javascript(String code, String tests, SandboxLimits limits) {
        int n = SEQUENCE.incrementAndGet();
        return new VerificationJob("job-" + n, "submission-" + n, BOUNTY, RuntimeKind.QUICKJS,
                Artifact.text(code), Artifact.text(tests), limits);
    }

    public static VerificationJob normalJavascript() {
        return javascript(ADD, ADD_TESTS);
    }

    public static VerificationJob wasm(byte[] module, String vectors) {
        return wasm(module, vectors, ROOMY);
    }

    public static VerificationJob wasm(byte[] module, String vectors, SandboxLimits limits) {
        int n = SEQUENCE.incrementAndGet();
        return new VerificationJob("job-" + n, "submission-" + n, BOUNTY, RuntimeKind.WASMTIME,
                Artifact.binary(module), Artifact.text(vectors), limits);
    }
}
