package com.agentbounty.sandbox.wasm;

import com.agentbounty.events.verification.VerificationResult;
import com.agentbounty.events.verification.VerificationStatus;
import com.agentbounty.sandbox.verification.VerificationService;
import com.agentbounty.sandbox.verification.WorkerSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static com.agentbounty.events.verification.VerificationStatus.ERROR;
import static com.agentbounty.events.verification.VerificationStatus.MEMORY_LIMIT;
import static com.agentbounty.events.verification.VerificationStatus.PASSED;
import static com.agentbounty.events.verification.VerificationStatus.TIMEOUT;
import static com.agentbounty.sandbox.verification.JobFixtures.ROOMY;
import static com.agentbounty.sandbox.verification.JobFixtures.SMALL;
import static com.agentbounty.sandbox.verification.JobFixtures.wasm;
import static com.agentbounty.sandbox.wasm.WasmModules.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Hostile WebAssembly modules end with the status their abuse earns, and the same worker then runs a
 * normal module correctly. Limits: 16 MiB of memory (256 pages); 500 ms of wall clock where a timeout is expected, 10 s elsewhere.
 */
class WasmtimeAbuseCorpusTest {

    private static final String ADD_VECTORS = "[{\"name\": \"adds\", \"function\": \"add\", \"args\": [1, 2], \"expect\": 3}]";

    private static VerificationService worker;

    @BeforeAll
    static void worker() {
        worker = new VerificationService(List.of(WasmModules.runtime()), new WorkerSettings(true), stored -> {
            throw new AssertionError("no stored artifacts here");
        });
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                arguments("an endless loop in an exported function", module("spin"), TIMEOUT, "wall clock"),
                arguments("an endless loop in the start function", module("spin-start"), TIMEOUT, "start function"),
                arguments("unbounded recursion", module("recurse"), MEMORY_LIMIT, "call stack"),
                arguments("a WASI stdout import", module("wasi-fd-write"), ERROR, "wasi_snapshot_preview1.fd_write"),
                arguments("a WASI file import", module("wasi-path-open"), ERROR, "wasi_snapshot_preview1.path_open"),
                arguments("WASI socket imports", module("wasi-sock"), ERROR, "wasi_snapshot_preview1.sock_accept"),
                arguments("a memory imported from the host", module("host-memory"), ERROR, "env.memory"),
                arguments("a memory declared to reach 4 GiB", module("huge-memory"), MEMORY_LIMIT, "65536 pages"),
                arguments("a memory without a maximum", module("unbounded-memory"), MEMORY_LIMIT, "no maximum"),
                arguments("a gigabyte of memory up front", module("huge-initial-memory"), MEMORY_LIMIT, "16384 pages"),
                arguments("a table of ten million elements", module("huge-table"), MEMORY_LIMIT, "table"),
                arguments("a malformed module", new byte[]{0, 'a', 's', 'm', 1, 0, 0, 0, 1, 100, 0x60}, ERROR, "longer than the module"),
                arguments("a module Wasmtime rejects", new byte[]{0, 'a', 's', 'm', 1, 0, 0, 0, 10, 1, 5}, ERROR, "Wasmtime refused"),
                arguments("text instead of a binary",
                        "(module (func (export \"add\") (param i32 i32) (result i32) i32.const 3))".getBytes(StandardCharsets.UTF_8),
                        ERROR, "not a WebAssembly binary"),
                arguments("an empty file", new byte[0], ERROR, "not a WebAssembly binary")
        );
    }

    @ParameterizedTest(name = "{0} ends as {2}")
    @MethodSource("corpus")
    void abuseEndsWithItsStatusAndTheWorkerThenRunsANormalModule(String abuse, byte[] module, VerificationStatus expected,
                                                                  String detail) {
        VerificationResult result = worker.verify(wasm(module, ADD_VECTORS, expected == TIMEOUT ? SMALL : ROOMY));

        assertThat(result.status()).as(abuse + ": " + result.detail()).isEqualTo(expected);
        assertThat(result.detail()).contains(detail);
        assertThat(result.score()).isZero();
        if (expected == TIMEOUT) {
            assertThat(result.durationMs()).isLessThan(SMALL.wallClockMs() + 1_000);
        }

        VerificationResult next = worker.verify(wasm(module("math"), ADD_VECTORS));
        assertThat(next.status()).as("the normal module after " + abuse + ": " + next.detail()).isEqualTo(PASSED);
    }
}
