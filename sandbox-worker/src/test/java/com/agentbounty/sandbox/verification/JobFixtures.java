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
    /** 500 ms of wall clock, 32 MiB of guest memory, 4 KiB of console output. */
    public static final SandboxLimits SMALL = new SandboxLimits(500, 32L << 20, 4 << 10);

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
        return javascript(code, tests, SMALL);
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
        int n = SEQUENCE.incrementAndGet();
        return new VerificationJob("job-" + n, "submission-" + n, BOUNTY, RuntimeKind.WASMTIME,
                Artifact.binary(module), Artifact.text(vectors), SMALL);
    }
}
