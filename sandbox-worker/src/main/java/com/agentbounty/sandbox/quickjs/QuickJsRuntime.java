package com.agentbounty.sandbox.quickjs;

import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.sandbox.verification.RunReport;
import com.agentbounty.sandbox.verification.SandboxRuntime;
import com.agentbounty.sandbox.verification.SandboxUnavailableException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roastedroot.quickjs4j.core.Engine;
import io.roastedroot.quickjs4j.core.ScriptCache;
import run.endive.wasm.WasmEngineException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JavaScript submissions in QuickJS (quickjs4j: QuickJS compiled to WebAssembly, then to JVM bytecode).
 *
 * <p>Each run gets a fresh engine and guest memory on a thread of its own, and is thrown away afterwards,
 * whatever happened; only compiled bytecode of trusted units (harness, acceptance tests) is reused. The
 * limits: the job's wall clock bounds everything from loading the submission to the report (on expiry the
 * thread is interrupted, and the engine's compiled code checks for interruption in every loop and call);
 * guest memory is capped by {@link CappedMemory}; console output is counted and cut inside the guest by
 * the harness and bounded again on the host by {@link BoundedOutput}. The guest has no host functions:
 * the harness removes the plugin's {@code Javy.IO} and {@code java_invoke} before untrusted code runs, and
 * the engine's WASI has no files, no environment, an empty stdin and no network.
 */
public final class QuickJsRuntime implements SandboxRuntime {

    /** The guest thread's stack: deep enough for real programs, small enough that runaway recursion ends fast. */
    static final long GUEST_STACK_BYTES = 4L << 20;
    /** Creating an engine and running the trusted harness is not the guest's time; it has a bound of its own. */
    static final long SETUP_TIMEOUT_MS = 30_000;
    /** How long an interrupted guest thread gets to unwind before it is counted as stuck. */
    static final long STOP_GRACE_MS = 2_000;
    /** Room in the host's stdout for the report around the logs: test names and messages. */
    static final int REPORT_OVERHEAD_BYTES = 8 << 20;
    static final int STDERR_BYTES = 64 << 10;

    private static final byte[] HARNESS = resource("harness.js");
    private static final byte[] REPORT = "__ab_report();\n".getBytes(StandardCharsets.UTF_8);
    private static final String TESTS_PROLOGUE =
            "const { test, assert, assertEqual, assertThrows } = __ab_claim(); try {\n";
    private static final String TESTS_EPILOGUE = "\n} catch (thrown) { __ab_crashed(thrown); }\n";

    private static final ScriptCache NO_CACHE = new ScriptCache() {
        @Override
        public boolean exists(byte[] source) {
            return false;
        }

        @Override
        public void set(byte[] source, byte[] bytecode) {
        }

        @Override
        public byte[] get(byte[] source) {
            return null;
        }
    };

    private static final System.Logger LOG = System.getLogger(QuickJsRuntime.class.getName());

    private final ObjectMapper json = new ObjectMapper();
    private final BytecodeCache bytecode = new BytecodeCache(256);
    private final AtomicLong runs = new AtomicLong();
    private final AtomicInteger stuckGuests = new AtomicInteger();

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.QUICKJS;
    }

    /**
     * Loads and JIT-compiles the engine (the first engine takes about a second, later ones tens of
     * milliseconds) so that the first real job is not judged on the worker's start-up.
     */
    public void warmUp() {
        SandboxLimits generous = new SandboxLimits(60_000, 64L << 20, 1 << 10);
        for (int i = 0; i < 3; i++) {
            RunReport report = run("function warm(n) { return n + 1; }".getBytes(StandardCharsets.UTF_8),
                    "test('warm', () => assertEqual(warm(1), 2));".getBytes(StandardCharsets.UTF_8), generous);
            if (report.status() != VerificationStatus.PASSED) {
                throw new IllegalStateException("QuickJS warm-up failed: " + report.status() + " " + report.detail());
            }
        }
    }

    /** Guest threads that did not stop within the grace period after their interruption (should stay 0). */
    public int stuckGuests() {
        return stuckGuests.get();
    }

    @Override
    public RunReport run(byte[] code, byte[] tests, SandboxLimits limits) {
        GuestRun guest = new GuestRun(code, tests, limits);
        Thread thread = new Thread(null, guest, "quickjs-guest-" + runs.incrementAndGet(), GUEST_STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            if (!guest.setupDone.await(SETUP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                stop(thread);
                throw new SandboxUnavailableException("the QuickJS engine did not start within " + SETUP_TIMEOUT_MS + " ms");
            }
            long deadline = guest.untrustedStartNanos + TimeUnit.MILLISECONDS.toNanos(limits.wallClockMs());
            long remaining;
            while (thread.isAlive() && (remaining = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            }
            if (thread.isAlive()) {
                String stage = guest.stage;
                stop(thread);
                return RunReport.stopped(VerificationStatus.TIMEOUT,
                        "the run exceeded its wall clock of " + limits.wallClockMs() + " ms while " + stage);
            }
        } catch (InterruptedException e) {
            stop(thread);
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("the worker was interrupted while a guest ran", e);
        }
        return classify(guest, limits);
    }

    private void stop(Thread thread) {
        thread.interrupt();
        try {
            thread.join(STOP_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            stuckGuests.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "guest thread " + thread.getName() + " did not stop after interruption");
        }
    }

    private RunReport classify(GuestRun guest, SandboxLimits limits) {
        Throwable failure = guest.failure;
        if ((guest.memory != null && guest.memory.limitReached()) || failure instanceof CappedMemory.GuestMemoryTooSmall) {
            return RunReport.stopped(VerificationStatus.MEMORY_LIMIT, failure instanceof CappedMemory.GuestMemoryTooSmall
                    ? failure.getMessage()
                    : "the guest asked for more than its " + limits.memoryBytes() + " bytes of memory");
        }
        if (failure instanceof OutOfMemoryError) {
            throw new SandboxUnavailableException("the worker's heap cannot hold this guest", failure);
        }
        if (isStackExhaustion(failure)) {
            return RunReport.stopped(VerificationStatus.MEMORY_LIMIT, "the guest exhausted its call stack while " + guest.stage);
        }
        if (failure != null) {
            return RunReport.stopped(VerificationStatus.ERROR, describeFailure(guest, failure));
        }
        if (guest.wroteBeforeReport) {
            return RunReport.stopped(VerificationStatus.ERROR, "the guest wrote to the harness's result channel");
        }
        if (guest.stdout.overflowed()) {
            return RunReport.stopped(VerificationStatus.OUTPUT_LIMIT, "the run's report exceeded the host's bound");
        }
        HarnessReport report;
        try {
            report = json.readValue(guest.stdout.toString(StandardCharsets.UTF_8), HarnessReport.class);
        } catch (JsonProcessingException e) {
            return RunReport.stopped(VerificationStatus.ERROR, "the harness produced no readable report");
        }
        List<TestOutcome> outcomes = new ArrayList<>();
        for (HarnessReport.Test test : report.tests()) {
            outcomes.add(switch (test.state()) {
                case "passed" -> TestOutcome.passed(test.name());
                case "failed" -> TestOutcome.failed(test.name(), test.message());
                default -> TestOutcome.failed(test.name(), "the test's promise never settled");
            });
        }
        String logs = report.logs();
        if (report.tampered() != null) {
            return new RunReport(VerificationStatus.ERROR, outcomes, logs, report.outputExceeded(),
                    "the harness detected tampering: " + report.tampered());
        }
        if (report.outputExceeded()) {
            return new RunReport(VerificationStatus.OUTPUT_LIMIT, outcomes, logs, true,
                    "the guest wrote more than its " + limits.outputBytes() + " bytes of console output");
        }
        if (report.loadError() != null) {
            return new RunReport(VerificationStatus.ERROR, outcomes, logs, false,
                    "the submission failed to load: " + report.loadError());
        }
        if (report.crash() != null) {
            return new RunReport(VerificationStatus.ERROR, outcomes, logs, false,
                    "the acceptance tests stopped early: " + report.crash());
        }
        if (!report.claimed()) {
            return new RunReport(VerificationStatus.ERROR, outcomes, logs, false, "the acceptance tests did not run");
        }
        return RunReport.verdict(outcomes, logs, false);
    }

    /**
     * Runaway recursion ends in one of two traps, whichever stack runs out first: the JVM thread's (endive
     * turns the StackOverflowError into "call stack exhausted") or QuickJS's C stack, which Rust places at
     * the bottom of linear memory, so that overflowing it reads below address 0. Neither is catchable in
     * JavaScript; both leave the engine unusable, and it is discarded.
     */
    static boolean isStackExhaustion(Throwable failure) {
        if (!(failure instanceof WasmEngineException) || failure.getMessage() == null) {
            return false;
        }
        String message = failure.getMessage();
        return message.equals("call stack exhausted")
                || message.startsWith("out of bounds memory access: attempted to access address: -");
    }

    /**
     * Says what went wrong without quoting sources: quickjs4j's own compile error message contains the
     * whole unit, and the acceptance tests are hidden from agents. The JavaScript error is read from the
     * guest's stderr, where the plugin reports it.
     */
    private static String describeFailure(GuestRun guest, Throwable failure) {
        String what = switch (guest.stage) {
            case "compiling the acceptance tests" -> "the acceptance tests do not compile";
            case "loading the submission" -> "the submission could not be loaded";
            case "running the acceptance tests" -> "the acceptance tests crashed";
            default -> "the guest failed while " + guest.stage;
        };
        String guestError = guestError(guest.stderr.toString(StandardCharsets.UTF_8));
        if (guestError == null && failure instanceof WasmEngineException) {
            guestError = failure.getMessage();
        }
        return guestError == null ? what : what + ": " + guestError;
    }

    /** The JavaScript error in a plugin panic: "... on an `Err` value: Error: boom\n    at ...\n\nnote: ...". */
    static String guestError(String stderr) {
        int start = stderr.indexOf("value: ");
        if (start < 0) {
            return null;
        }
        start += "value: ".length();
        int end = stderr.indexOf("\n\nnote:", start);
        String message = (end < 0 ? stderr.substring(start) : stderr.substring(start, end)).strip();
        return message.length() <= 500 ? message : message.substring(0, 499) + "…";
    }

    /** One run: everything that touches the guest happens on this runnable's own thread. */
    private final class GuestRun implements Runnable {
        private final byte[] code;
        private final byte[] tests;
        private final SandboxLimits limits;
        final CountDownLatch setupDone = new CountDownLatch(1);
        final BoundedOutput stdout;
        final BoundedOutput stderr = new BoundedOutput(STDERR_BYTES);
        volatile String stage = "starting the engine";
        volatile long untrustedStartNanos;
        volatile CappedMemory memory;
        volatile Throwable failure;
        volatile boolean wroteBeforeReport;

        GuestRun(byte[] code, byte[] tests, SandboxLimits limits) {
            this.code = code;
            this.tests = tests;
            this.limits = limits;
            this.stdout = new BoundedOutput((int) limits.outputBytes() + REPORT_OVERHEAD_BYTES);
        }

        @Override
        public void run() {
            Engine engine = null;
            try {
                engine = Engine.builder()
                        .withMemoryFactory(declared -> memory = CappedMemory.of(declared, limits.memoryPages()))
                        .withStdout(stdout)
                        .withStderr(stderr)
                        .withCache(NO_CACHE)
                        .build();
                Engine e = engine;
                stage = "running the harness";
                exec(engine, bytecode.get(HARNESS, () -> compile(e, HARNESS)));
                stage = "compiling the acceptance tests";
                byte[] testsUnit = testsUnit();
                byte[] testsBytecode = bytecode.get(testsUnit, () -> compile(e, testsUnit));
                byte[] reportBytecode = bytecode.get(REPORT, () -> compile(e, REPORT));

                untrustedStartNanos = System.nanoTime();
                setupDone.countDown();
                stage = "loading the submission";
                exec(engine, compile(engine, loaderUnit()));
                stage = "running the acceptance tests";
                exec(engine, testsBytecode);
                stage = "reporting";
                if (stdout.size() > 0) {
                    wroteBeforeReport = true;
                    return;
                }
                exec(engine, reportBytecode);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (untrustedStartNanos == 0) {
                    untrustedStartNanos = System.nanoTime();
                }
                setupDone.countDown();
                closeQuietly(engine);
            }
        }

        private byte[] testsUnit() {
            return (TESTS_PROLOGUE + new String(tests, StandardCharsets.UTF_8) + TESTS_EPILOGUE)
                    .getBytes(StandardCharsets.UTF_8);
        }

        private byte[] loaderUnit() throws JsonProcessingException {
            String source = new String(code, StandardCharsets.UTF_8);
            return ("__ab_load(" + limits.outputBytes() + ", " + json.writeValueAsString(source) + ");\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] compile(Engine engine, byte[] source) {
        return engine.readCompiled(engine.compileRaw(source));
    }

    private static void exec(Engine engine, byte[] compiled) {
        engine.exec(engine.writeCompiled(compiled));
    }

    private static void closeQuietly(Engine engine) {
        if (engine != null) {
            try {
                engine.close();
            } catch (RuntimeException ignored) {
                // the engine is discarded either way; its streams are plain byte arrays
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = QuickJsRuntime.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one JSON line the harness writes at the end of a run. */
    record HarnessReport(boolean loaded, boolean claimed, String loadError, String tampered, String crash,
                         boolean outputExceeded, String logs, List<Test> tests) {
        record Test(String name, String state, String message) {
        }
    }
}
