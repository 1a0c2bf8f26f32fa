package com.agentbounty.sandbox.wasm;

import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.sandbox.verification.VerificationService;
import com.agentbounty.sandbox.verification.WorkerSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.agentbounty.events.verification.VerificationStatus.ERROR;
import static com.agentbounty.events.verification.VerificationStatus.FAILED;
import static com.agentbounty.events.verification.VerificationStatus.PASSED;
import static com.agentbounty.sandbox.verification.JobFixtures.wasm;
import static com.agentbounty.sandbox.wasm.WasmModules.module;
import static org.assertj.core.api.Assertions.assertThat;

/** How WebAssembly test vectors run and score (docs/sandbox.md, "WebAssembly"). */
class WasmtimeVerificationTest {

    private static VerificationService worker;

    @BeforeAll
    static void worker() {
        worker = new VerificationService(List.of(WasmModules.runtime()), new WorkerSettings(true), stored -> {
            throw new AssertionError("no stored artifacts here");
        });
    }

    @Test
    void exportedFunctionsAnsweringEveryVectorPass() {
        VerificationResult result = worker.verify(wasm(module("math"), """
                [{"name": "adds", "function": "add", "args": [1, 2], "expect": 3},
                 {"name": "wraps around", "function": "add", "args": [2147483647, 1], "expect": -2147483648},
                 {"name": "multiplies 64-bit", "function": "mul64", "args": [4294967296, 3], "expect": 12884901888},
                 {"name": "halves", "function": "half", "args": [5], "expect": 2.5},
                 {"name": "NaN stays NaN", "function": "half", "args": ["NaN"], "expect": "NaN"},
                 {"name": "several results", "function": "divmod", "args": [7, 2], "expect": [3, 1]},
                 {"function": "store", "args": [41]}]
                """));

        assertThat(result.status()).isEqualTo(PASSED);
        assertThat(result.total()).isEqualTo(7);
        assertThat(result.score()).isEqualTo(100);
        assertThat(result.tests().get(6).name()).isEqualTo("store #7");
    }

    @Test
    void wrongAnswersTrapsAndMissingExportsFailTheirTestsOnly() {
        VerificationResult result = worker.verify(wasm(module("math"), """
                [{"name": "adds", "function": "add", "args": [1, 2], "expect": 4},
                 {"name": "traps", "function": "crash", "expect": 0},
                 {"name": "divides by zero", "function": "divmod", "args": [1, 0], "expect": [0, 0]},
                 {"name": "missing", "function": "subtract", "args": [1, 2], "expect": -1},
                 {"name": "wrong arity", "function": "add", "args": [1], "expect": 1},
                 {"name": "still adds", "function": "add", "args": [2, 2], "expect": 4}]
                """));

        assertThat(result.status()).isEqualTo(FAILED);
        assertThat(result.tests()).containsExactly(
                TestOutcome.failed("adds", "expected 4 but got 3"),
                TestOutcome.failed("traps", "the function trapped: UNREACHABLE_CODE_REACHED"),
                TestOutcome.failed("divides by zero", "the function trapped: INTEGER_DIVISION_BY_ZERO"),
                TestOutcome.failed("missing", "the module exports no function subtract"),
                TestOutcome.failed("wrong arity", "add takes 2 arguments, the test gives 1"),
                TestOutcome.passed("still adds"));
        assertThat(result.score()).isEqualTo(16);
    }

    @Test
    void memoryCannotGrowPastTheDeclaredMaximum() {
        VerificationResult result = worker.verify(wasm(module("math"), """
                [{"name": "grows within the maximum", "function": "grow", "args": [3], "expect": 1},
                 {"name": "cannot grow past it", "function": "grow", "args": [1], "expect": -1}]
                """));

        assertThat(result.status()).isEqualTo(PASSED);
    }

    @Test
    void memoryLastsForOneRunOnly() {
        String storeThenLoad = """
                [{"function": "load", "expect": 0}, {"function": "store", "args": [42]}, {"function": "load", "expect": 42}]
                """;

        VerificationResult first = worker.verify(wasm(module("math"), storeThenLoad));
        VerificationResult second = worker.verify(wasm(module("math"), storeThenLoad));

        assertThat(first.status()).isEqualTo(PASSED);
        assertThat(second.status()).isEqualTo(PASSED);
    }

    @Test
    void testVectorsThatAreNotAJsonArrayAreAnError() {
        VerificationResult result = worker.verify(wasm(module("math"), "{\"function\": \"add\"}"));

        assertThat(result.status()).isEqualTo(ERROR);
        assertThat(result.detail()).isEqualTo("the test vectors must be a JSON array");
    }

    @Test
    void anEmptyListOfVectorsIsAnError() {
        assertThat(worker.verify(wasm(module("math"), "[]")).status()).isEqualTo(ERROR);
    }

    @Test
    void compiledModulesAreCachedBySha256() {
        WasmtimeRuntime runtime = WasmModules.runtime();
        worker.verify(wasm(module("math"), "[{\"function\": \"add\", \"args\": [1, 1], \"expect\": 2}]"));
        int cached = runtime.cachedModules();

        worker.verify(wasm(module("math"), "[{\"function\": \"add\", \"args\": [2, 2], \"expect\": 4}]"));

        assertThat(runtime.cachedModules()).isEqualTo(cached);
    }
}
