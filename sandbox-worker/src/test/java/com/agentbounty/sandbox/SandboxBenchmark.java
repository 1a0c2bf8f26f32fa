package com.agentbounty.sandbox;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.sandbox.quickjs.QuickJsRuntime;
import com.agentbounty.sandbox.verification.VerificationService;
import com.agentbounty.sandbox.verification.WorkerSettings;
import com.agentbounty.sandbox.wasm.WasmtimeRuntime;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's figures (docs/benchmarks.md, section Sandbox): pool warm-up, warm QuickJS verification of a typical
 * 10-test suite, Wasmtime instantiate+call, and verifications per second on this machine's cores. Each figure is
 * printed with a baseline measured in the same run. Run with {@code bench/run-sandbox.sh}; never part of
 * {@code ./mvnw verify}.
 */
class SandboxBenchmark {

    private static final BountyId BOUNTY = BountyId.of("bench");
    private static final SandboxLimits LIMITS = new SandboxLimits(10_000, 64L << 20, 64 << 10);

    /** A typical submission: a handful of small functions, some state, a class. */
    static final String SUBMISSION = """
            function add(a, b) { return a + b; }
            function fib(n) { let a = 0, b = 1; for (let i = 0; i < n; i++) { [a, b] = [b, a + b]; } return a; }
            function reverse(s) { return s.split("").reverse().join(""); }
            function isPalindrome(s) { const t = s.toLowerCase().replace(/[^a-z0-9]/g, ""); return t === reverse(t); }
            function sortNumbers(xs) { return [...xs].sort((a, b) => a - b); }
            function wordCount(text) { const m = {}; for (const w of text.split(/\\s+/).filter(Boolean)) m[w] = (m[w] || 0) + 1; return m; }
            function parseCsvLine(line) { return line.split(",").map(s => s.trim()); }
            function total(invoice) { return invoice.lines.reduce((sum, l) => sum + l.qty * l.price, 0); }
            class Stack { constructor() { this.items = []; } push(x) { this.items.push(x); return this; } pop() { return this.items.pop(); } }
            globalThis.Stack = Stack;
            """;

    static final String TEN_TESTS = """
            test("adds", () => assertEqual(add(2, 3), 5));
            test("fib(30)", () => assertEqual(fib(30), 832040));
            test("reverses", () => assertEqual(reverse("bounty"), "ytnuob"));
            test("palindrome", () => assert(isPalindrome("A man, a plan, a canal: Panama")));
            test("not a palindrome", () => assert(!isPalindrome("agent")));
            test("sorts numbers", () => assertEqual(sortNumbers([10, 2, 33, 4]), [2, 4, 10, 33]));
            test("counts words", () => assertEqual(wordCount("a b a"), {a: 2, b: 1}));
            test("parses csv", () => assertEqual(parseCsvLine(" x, y ,z"), ["x", "y", "z"]));
            test("invoice total", () => assertEqual(total({lines: [{qty: 2, price: 150}, {qty: 1, price: 99}]}), 399));
            test("stack", () => assertEqual(new Stack().push(1).push(2).pop(), 2));
            """;

    static final String ONE_TRIVIAL_TEST = "test(\"t\", () => assert(true));";

    static final String VECTORS = "[{\"name\": \"adds\", \"function\": \"add\", \"args\": [1, 2], \"expect\": 3}]";

    @Test
    void sandboxFigures() throws Exception {
        System.out.printf("%nSandbox benchmark: %d cores, %s, JVM %s, load average %.2f at start, args %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());

        // ---- pool warm-up: the first engines of a fresh runtime in this JVM (class loading and JIT) ----
        long started = System.nanoTime();
        QuickJsRuntime quickJs = new QuickJsRuntime();
        quickJs.warmUp();
        double warmUpMs = ms(System.nanoTime() - started);
        started = System.nanoTime();
        WasmtimeRuntime wasmtime = new WasmtimeRuntime();
        byte[] module = resource("/wasm/math.wasm");
        assertThat(wasmtime.run(module, VECTORS.getBytes(), LIMITS).status()).isEqualTo(VerificationStatus.PASSED);
        double wasmtimeFirstMs = ms(System.nanoTime() - started);
        System.out.printf("pool warm-up: QuickJS %.0f ms (3 runs, cold JVM); Wasmtime engine + first module %.0f ms%n",
                warmUpMs, wasmtimeFirstMs);

        VerificationService service = new VerificationService(List.of(quickJs, wasmtime), new WorkerSettings(true),
                artifact -> { throw new IllegalStateException("inline artifacts only"); });

        // ---- warm QuickJS: a 10-test suite against a 1-trivial-test floor (engine + harness alone) ----
        Supplier<VerificationJob> tenTests = () -> job(RuntimeKind.QUICKJS, Artifact.text(SUBMISSION), Artifact.text(TEN_TESTS));
        Supplier<VerificationJob> floor = () -> job(RuntimeKind.QUICKJS, Artifact.text("function f() {}"), Artifact.text(ONE_TRIVIAL_TEST));
        assertThat(service.verify(tenTests.get()).passed()).isEqualTo(10);
        // The engine is a few huge generated methods: C2 needs thousands of runs before the figures settle.
        double warming = throughput(service, tenTests, Runtime.getRuntime().availableProcessors(), 15_000);
        System.out.printf("JIT warm-up: 15 s of verifications on all cores (%.1f/s while compiling)%n", warming);
        double[] floorMs = measure(service, floor, 200);
        double[] suiteMs = measure(service, tenTests, 300);
        System.out.printf("QuickJS warm, 10-test suite: p50 %.1f ms, p99 %.1f ms (goal p50 <= 10 ms) | floor, 1 trivial test: p50 %.1f ms, p99 %.1f ms | suite/floor p50 %.2fx%n",
                pct(suiteMs, 50), pct(suiteMs, 99), pct(floorMs, 50), pct(floorMs, 99), pct(suiteMs, 50) / pct(floorMs, 50));

        // ---- Wasmtime: instantiate + call through the runtime, against the bare wasmtime-java calls ----
        Supplier<VerificationJob> wasmJob = () -> job(RuntimeKind.WASMTIME, Artifact.binary(module), Artifact.text(VECTORS));
        measure(service, wasmJob, 2_000);
        double[] wasmMs = measure(service, wasmJob, 5_000);
        double[] bareMs = bareWasmtime(module, 2_000, 5_000);
        System.out.printf("Wasmtime instantiate+call (full verification of 1 vector): p50 %.3f ms, p99 %.3f ms (goal p50 <= 1 ms) | bare wasmtime-java Store+Instance+call: p50 %.3f ms | ours/bare p50 %.2fx%n",
                pct(wasmMs, 50), pct(wasmMs, 99), pct(bareMs, 50), pct(wasmMs, 50) / pct(bareMs, 50));

        // ---- throughput: 10-test QuickJS verifications per second, 1 thread against all cores ----
        int cores = Runtime.getRuntime().availableProcessors();
        double all = throughput(service, tenTests, cores, 8_000);
        double one = throughput(service, tenTests, 1, 8_000);
        System.out.printf("QuickJS 10-test verifications per second: 1 thread %.1f/s, %d threads %.1f/s (scaling %.2fx)%n",
                one, cores, all, all / one);
        double wasmAll = throughput(service, wasmJob, cores, 4_000);
        System.out.printf("Wasmtime 1-vector verifications per second on %d threads: %.0f/s%n%n", cores, wasmAll);
        wasmtime.close();
    }

    private static double[] measure(VerificationService service, Supplier<VerificationJob> jobs, int runs) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            VerificationJob job = jobs.get();
            long started = System.nanoTime();
            VerificationResult result = service.verify(job);
            ms[i] = ms(System.nanoTime() - started);
            assertThat(result.status()).isEqualTo(VerificationStatus.PASSED);
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double[] bareWasmtime(byte[] bytes, int warmUp, int runs) {
        try (Engine engine = new Engine(new Config().epochInterruption(true)); Module module = new Module(engine, bytes)) {
            double[] ms = new double[runs];
            for (int i = -warmUp; i < runs; i++) {
                long started = System.nanoTime();
                Store<Void> store = new Store<>(null, engine);
                store.setEpochDeadline(1_000);
                Instance instance = new Instance(store, module, List.of());
                Func add = instance.getFunc(store, "add").orElseThrow();
                Val[] result = add.call(store, Val.fromI32(1), Val.fromI32(2));
                add.dispose();
                instance.dispose();
                store.dispose();
                if (i >= 0) {
                    ms[i] = ms(System.nanoTime() - started);
                }
                assertThat(result[0].i32()).isEqualTo(3);
            }
            Arrays.sort(ms);
            return ms;
        }
    }

    private static double throughput(VerificationService service, Supplier<VerificationJob> jobs, int threads, long millis)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long until = System.nanoTime() + millis * 1_000_000;
        CountDownLatch finished = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < until) {
                    if (service.verify(jobs.get()).status() == VerificationStatus.PASSED) {
                        done.incrementAndGet();
                    }
                }
                finished.countDown();
            });
            workers.add(worker);
            worker.start();
        }
        finished.await();
        return done.get() / (ms(System.nanoTime() - started) / 1000);
    }

    private static VerificationJob job(RuntimeKind runtime, Artifact code, Artifact tests) {
        String id = java.util.UUID.randomUUID().toString();
        return new VerificationJob(id, id, BOUNTY, runtime, code, tests, LIMITS);
    }

    private static double pct(double[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SandboxBenchmark.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
