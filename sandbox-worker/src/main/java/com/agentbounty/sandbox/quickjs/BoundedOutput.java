package com.agentbounty.sandbox.quickjs;

import java.io.ByteArrayOutputStream;

/**
 * A WASI stdout/stderr that keeps at most {@code capacity} bytes and drops the rest, remembering that it
 * did. The harness already caps console output inside the guest; this is the host's own bound on what
 * the guest can make it hold, whatever happens inside.
 */
final class BoundedOutput extends ByteArrayOutputStream {

    private final int capacity;
    private boolean overflowed;

    BoundedOutput(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void write(int b) {
        if (count < capacity) {
            super.write(b);
        } else {
            overflowed = true;
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int room = capacity - count;
        if (length > room) {
            overflowed = true;
        }
        super.write(bytes, offset, Math.max(0, Math.min(length, room)));
    }

    synchronized boolean overflowed() {
        return overflowed;
    }
}
