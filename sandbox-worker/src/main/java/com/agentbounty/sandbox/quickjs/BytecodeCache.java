package com.agentbounty.sandbox.quickjs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compiled QuickJS bytecode by SHA-256 of its source, shared across engines: the warm pool of DESIGN.md
 * section 6. Only trusted units are cached (the harness and each bounty's acceptance tests); submissions
 * are compiled inside their own run. Bytecode is plain bytes written into each fresh engine's memory, so
 * sharing it shares no guest state.
 */
final class BytecodeCache {

    private final int maxEntries;
    private final Map<String, byte[]> entries;

    BytecodeCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > BytecodeCache.this.maxEntries;
            }
        };
    }

    byte[] get(byte[] source, Supplier<byte[]> compile) {
        String key = sha256(source);
        synchronized (entries) {
            byte[] cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        byte[] compiled = compile.get();
        synchronized (entries) {
            entries.put(key, compiled);
        }
        return compiled;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
