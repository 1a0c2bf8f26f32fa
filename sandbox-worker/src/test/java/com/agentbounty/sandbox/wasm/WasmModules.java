package com.agentbounty.sandbox.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The test modules in src/test/resources/wasm (built from the .wat beside each). */
final class WasmModules {

    private static WasmtimeRuntime runtime;

    private WasmModules() {
    }

    static byte[] module(String name) {
        try (InputStream in = WasmModules.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no test module " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One runtime per test JVM, as in a worker: one engine, one epoch ticker, one module cache. */
    static synchronized WasmtimeRuntime runtime() {
        if (runtime == null) {
            runtime = new WasmtimeRuntime();
        }
        return runtime;
    }
}
