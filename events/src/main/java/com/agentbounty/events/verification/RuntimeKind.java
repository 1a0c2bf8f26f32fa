package com.agentbounty.events.verification;

/**
 * Which sandbox runs a job (DESIGN.md section 6). {@code QUICKJS} runs JavaScript in QuickJS compiled to
 * WebAssembly on a pure-Java runtime; {@code WASMTIME} runs a WebAssembly module's exported functions in
 * Wasmtime and is only served by workers started with {@code USE_WASMTIME_SANDBOX=true}.
 */
public enum RuntimeKind {
    QUICKJS, WASMTIME
}
