package com.agentbounty.infrastructure.storage;

/** An object above the configured maximum ({@code agentbounty.storage.max-object-size}); nothing was stored. */
public class ObjectTooLargeException extends RuntimeException {

    private final long size;
    private final long maxObjectSize;

    public ObjectTooLargeException(long size, long maxObjectSize) {
        super("Object of " + size + " bytes refused: the maximum is " + maxObjectSize + " bytes");
        this.size = size;
        this.maxObjectSize = maxObjectSize;
    }

    public long size() {
        return size;
    }

    public long maxObjectSize() {
        return maxObjectSize;
    }
}
