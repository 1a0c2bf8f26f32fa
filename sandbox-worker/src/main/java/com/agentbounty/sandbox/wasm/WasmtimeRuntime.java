package com.agentbounty.sandbox.wasm;

import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.sandbox.verification.RunReport;
import com.agentbounty.sandbox.verification.SandboxRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Trap;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import io.github.kawamuray.wasmtime.WasmtimeException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * WebAssembly submissions in Wasmtime 7 (wasmtime-java 0.19.0, JNI): the bounty's test vectors call the
 * module's exported functions (see {@link TestVector}).
 *
 * <p>Limits. wasmtime-java has no fuel API and no store limiter, so: CPU and wall clock are bounded by
 * epoch interruption (one engine-wide ticker advances the epoch every {@value #TICK_MS} ms; each call gets
 * a deadline of the job's remaining ticks and traps with INTERRUPT when it passes); memory is bounded
 * before anything runs, by refusing a module whose memories declare no maximum or a maximum above the
 * job's limit (a {@code memory.grow} past the declared maximum returns -1, so the declaration is the
 * bound); the wasm stack is capped by the engine's {@code max_wasm_stack}. There is no output at all: a
 * module that imports anything (WASI files, sockets, clocks, the host's functions) is refused, so the
 * guest can reach nothing but its own memory. Malformed modules are ERROR.
 *
 * <p>Reuse. Compiled modules are cached by SHA-256 (compiling is the slow part); each run instantiates
 * its own Store and Instance, so no memory or global survives a run.
 */
public final class WasmtimeRuntime implements SandboxRuntime, AutoCloseable {

    static final long TICK_MS = 10;
    static final int MAX_MODULE_BYTES = 8 << 20;
    static final long MAX_TABLE_ELEMENTS = 10_000;
    static final long MAX_WASM_STACK_BYTES = 512 << 10;
    static final int CACHED_MODULES = 64;

    private final ObjectMapper json = new ObjectMapper();
    private final Engine engine;
    private final Thread ticker;
    private final Map<String, CachedModule> modules = new LinkedHashMap<>(16, 0.75f, true);

    /** @throws UnsatisfiedLinkError or ExceptionInInitializerError when the native library cannot load here */
    public WasmtimeRuntime() {
        Config config = new Config()
                .epochInterruption(true)
                .maxWasmStack(MAX_WASM_STACK_BYTES)
                .wasmThreads(false);
        this.engine = new Engine(config);
        this.ticker = new Thread(this::tick, "wasmtime-epoch-ticker");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.WASMTIME;
    }

    @Override
    public RunReport run(byte[] code, byte[] tests, SandboxLimits limits) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.wallClockMs());
        if (code.length > MAX_MODULE_BYTES) {
            return RunReport.stopped(VerificationStatus.ERROR, "the module is larger than " + MAX_MODULE_BYTES + " bytes");
        }
        ModuleShape shape;
        try {
            shape = ModuleShape.read(code);
        } catch (ModuleShape.MalformedModule e) {
            return RunReport.stopped(VerificationStatus.ERROR, "not a valid WebAssembly module: " + e.getMessage());
        }
        if (!shape.imports().isEmpty()) {
            return RunReport.stopped(VerificationStatus.ERROR, "the module imports " + String.join(", ", shape.imports())
                    + "; a submission must be self-contained (no imports, no WASI)");
        }
        String refused = refusedMemory(shape, limits);
        if (refused != null) {
            return RunReport.stopped(VerificationStatus.MEMORY_LIMIT, refused);
        }
        List<TestVector> vectors;
        try {
            vectors = TestVector.parse(tests, json);
        } catch (TestVector.InvalidVectors e) {
            return RunReport.stopped(VerificationStatus.ERROR, e.getMessage());
        }
        CachedModule cached;
        try {
            cached = acquire(code);
        } catch (WasmtimeException e) {
            return RunReport.stopped(VerificationStatus.ERROR, "Wasmtime refused the module: " + e.getMessage());
        }
        try {
            return runVectors(cached.module, shape, vectors, limits, deadline);
        } finally {
            release(cached);
        }
    }

    private static String refusedMemory(ModuleShape shape, SandboxLimits limits) {
        for (ModuleShape.Limits memory : shape.memories()) {
            if (memory.is64() || memory.shared()) {
                return "the module declares a 64-bit or shared memory, which the sandbox does not run";
            }
            if (memory.maximum() < 0) {
                return "the module's memory declares no maximum; declare one of at most " + limits.memoryPages()
                        + " pages (for example with the linker flag --max-memory=" + limits.memoryPages() * SandboxLimits.PAGE_BYTES + ")";
            }
            if (memory.maximum() > limits.memoryPages()) {
                return "the module's memory may grow to " + memory.maximum() + " pages, the limit is " + limits.memoryPages();
            }
        }
        for (ModuleShape.Limits table : shape.tables()) {
            if (table.maximum() < 0 || table.maximum() > MAX_TABLE_ELEMENTS || table.minimum() > MAX_TABLE_ELEMENTS) {
                return "the module's table may grow beyond " + MAX_TABLE_ELEMENTS + " elements";
            }
        }
        return null;
    }

    private RunReport runVectors(io.github.kawamuray.wasmtime.Module module, ModuleShape shape, List<TestVector> vectors,
                                 SandboxLimits limits, long deadline) {
        Store<Void> store = new Store<>(null, engine);
        Instance instance = null;
        try {
            store.setEpochDeadline(ticksUntil(deadline));
            try {
                instance = new Instance(store, module, List.of());
            } catch (WasmFunctionError.TrapError trap) {
                return stopped(trap.trap(), limits, "the module's start function");
            } catch (RuntimeException e) {
                // wasmtime-java reports a trap in the start function without its kind; the clock tells an interrupt
                if (System.nanoTime() >= deadline - TimeUnit.MILLISECONDS.toNanos(TICK_MS)) {
                    return RunReport.stopped(VerificationStatus.TIMEOUT, timeout(limits, "the module's start function"));
                }
                String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                return RunReport.stopped(VerificationStatus.ERROR, "the module could not be instantiated: " + message);
            }
            List<TestOutcome> outcomes = new ArrayList<>();
            for (TestVector vector : vectors) {
                ModuleShape.Signature signature = shape.exportedFunctions().get(vector.function());
                if (signature == null) {
                    outcomes.add(TestOutcome.failed(vector.name(), "the module exports no function " + vector.function()));
                    continue;
                }
                Val[] arguments;
                try {
                    arguments = WasmValues.arguments(vector, signature);
                } catch (IllegalArgumentException e) {
                    outcomes.add(TestOutcome.failed(vector.name(), e.getMessage()));
                    continue;
                }
                long ticks = ticksUntil(deadline);
                if (ticks <= 1) {
                    return RunReport.stopped(VerificationStatus.TIMEOUT, timeout(limits, vector.name()));
                }
                store.setEpochDeadline(ticks);
                Func function = instance.getFunc(store, vector.function()).orElseThrow();
                try {
                    Val[] results = function.call(store, arguments);
                    outcomes.add(WasmValues.compare(vector, signature, results));
                } catch (WasmFunctionError.TrapError trap) {
                    if (trap.trap() == Trap.INTERRUPT || trap.trap() == Trap.STACK_OVERFLOW) {
                        return stopped(trap.trap(), limits, "test " + vector.name());
                    }
                    outcomes.add(TestOutcome.failed(vector.name(), "the function trapped: " + trap.trap()));
                } finally {
                    function.dispose();
                }
            }
            return RunReport.verdict(outcomes, "", false);
        } finally {
            if (instance != null) {
                instance.dispose();
            }
            store.dispose();
        }
    }

    private static RunReport stopped(Trap trap, SandboxLimits limits, String where) {
        return switch (trap) {
            case INTERRUPT -> RunReport.stopped(VerificationStatus.TIMEOUT, timeout(limits, where));
            case STACK_OVERFLOW -> RunReport.stopped(VerificationStatus.MEMORY_LIMIT, "the guest exhausted its call stack in " + where);
            default -> RunReport.stopped(VerificationStatus.ERROR, where + " trapped: " + trap);
        };
    }

    private static String timeout(SandboxLimits limits, String where) {
        return "the run exceeded its wall clock of " + limits.wallClockMs() + " ms in " + where;
    }

    /** Epoch deadlines are relative to the current epoch; one tick more so that a run never gets less than its time. */
    private static long ticksUntil(long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        return remaining <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(remaining) / TICK_MS + 1;
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            engine.incrementEpoch();
        }
    }

    // ---- the compiled-module cache: a module is disposed once it is evicted and no run uses it ----

    private static final class CachedModule {
        final io.github.kawamuray.wasmtime.Module module;
        int users;
        boolean evicted;

        CachedModule(io.github.kawamuray.wasmtime.Module module) {
            this.module = module;
        }
    }

    private synchronized CachedModule acquire(byte[] code) {
        String key = sha256(code);
        CachedModule cached = modules.get(key);
        if (cached == null) {
            cached = new CachedModule(new io.github.kawamuray.wasmtime.Module(engine, code));
            modules.put(key, cached);
            if (modules.size() > CACHED_MODULES) {
                var eldest = modules.entrySet().iterator();
                CachedModule evicted = eldest.next().getValue();
                eldest.remove();
                evicted.evicted = true;
                if (evicted.users == 0) {
                    evicted.module.dispose();
                }
            }
        }
        cached.users++;
        return cached;
    }

    private synchronized void release(CachedModule cached) {
        cached.users--;
        if (cached.evicted && cached.users == 0) {
            cached.module.dispose();
        }
    }

    synchronized int cachedModules() {
        return modules.size();
    }

    @Override
    public synchronized void close() {
        ticker.interrupt();
        for (CachedModule cached : modules.values()) {
            cached.evicted = true;
            if (cached.users == 0) {
                cached.module.dispose();
            }
        }
        modules.clear();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Moves test-vector JSON into Wasmtime values and back. */
    static final class WasmValues {

        private WasmValues() {
        }

        static Val[] arguments(TestVector vector, ModuleShape.Signature signature) {
            List<ModuleShape.ValueType> params = signature.params();
            if (vector.args().size() != params.size()) {
                throw new IllegalArgumentException(vector.function() + " takes " + params.size() + " arguments, the test gives "
                        + vector.args().size());
            }
            Val[] values = new Val[params.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(vector.args().get(i), params.get(i));
            }
            return values;
        }

        static TestOutcome compare(TestVector vector, ModuleShape.Signature signature, Val[] results) {
            if (vector.expect() == null) {
                return TestOutcome.passed(vector.name());
            }
            List<JsonNode> expected = new ArrayList<>();
            if (results.length == 1) {
                expected.add(vector.expect());
            } else if (vector.expect().isArray()) {
                vector.expect().forEach(expected::add);
            } else if (!vector.expect().isNull() || results.length != 0) {
                return TestOutcome.failed(vector.name(), "the function returns " + results.length + " values");
            }
            if (expected.size() != results.length) {
                return TestOutcome.failed(vector.name(), "expected " + expected.size() + " values but got " + results.length);
            }
            for (int i = 0; i < results.length; i++) {
                ModuleShape.ValueType type = signature.results().get(i);
                String actual = show(results[i], type);
                boolean same;
                try {
                    same = same(results[i], value(expected.get(i), type), type);
                } catch (IllegalArgumentException e) {
                    return TestOutcome.failed(vector.name(), "the expected value " + expected.get(i) + " is not a " + type);
                }
                if (!same) {
                    return TestOutcome.failed(vector.name(), "expected " + expected.get(i) + " but got " + actual);
                }
            }
            return TestOutcome.passed(vector.name());
        }

        private static Val value(JsonNode node, ModuleShape.ValueType type) {
            switch (type) {
                case I32 -> {
                    long value = integral(node, type);
                    if (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL) {
                        throw new IllegalArgumentException(node + " does not fit an i32");
                    }
                    return Val.fromI32((int) value);
                }
                case I64 -> {
                    return Val.fromI64(integral(node, type));
                }
                case F32 -> {
                    return Val.fromF32((float) floating(node));
                }
                default -> {
                    return Val.fromF64(floating(node));
                }
            }
        }

        private static long integral(JsonNode node, ModuleShape.ValueType type) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw new IllegalArgumentException(node + " is not an integer for " + type);
            }
            return node.longValue();
        }

        private static double floating(JsonNode node) {
            if (node.isNumber()) {
                return node.doubleValue();
            }
            return switch (node.asText()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException(node + " is not a number");
            };
        }

        private static boolean same(Val actual, Val expected, ModuleShape.ValueType type) {
            return switch (type) {
                case I32 -> actual.i32() == expected.i32();
                case I64 -> actual.i64() == expected.i64();
                case F32 -> Float.compare(actual.f32(), expected.f32()) == 0 || actual.f32() == expected.f32();
                case F64 -> Double.compare(actual.f64(), expected.f64()) == 0 || actual.f64() == expected.f64();
            };
        }

        private static String show(Val value, ModuleShape.ValueType type) {
            return switch (type) {
                case I32 -> Integer.toString(value.i32());
                case I64 -> Long.toString(value.i64());
                case F32 -> Float.toString(value.f32());
                case F64 -> Double.toString(value.f64());
            };
        }
    }
}
