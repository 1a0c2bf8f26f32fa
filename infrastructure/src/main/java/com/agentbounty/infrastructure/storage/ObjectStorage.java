package com.agentbounty.infrastructure.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Bytes kept under a key in a bucket-like store: S3, R2 or another S3-compatible service ({@link S3ObjectStorage}),
 * or a folder on this machine in mode {@code local} ({@link LocalFolderObjectStorage}).
 *
 * <p>Keys are one or more segments of {@code [A-Za-z0-9_-]} (dots allowed inside a segment) joined by {@code /}:
 * see {@link ObjectKeys}. Every adapter refuses objects larger than its configured maximum with
 * {@link ObjectTooLargeException}.
 */
public interface ObjectStorage {

    /** Stores (or replaces) the object under {@code key}. */
    void put(String key, byte[] content, String contentType);

    /** The object under {@code key}, or empty when there is none. */
    Optional<StoredObject> get(String key);

    boolean exists(String key);

    /** Removes the object; removing a key that holds nothing is not an error. */
    void delete(String key);

    /**
     * A URL that lets whoever holds it GET the object, without other credentials, until {@code validFor} has passed.
     * Who may receive it is the caller's decision: this method checks nothing but the key.
     */
    URI presignedGetUrl(String key, Duration validFor);

    /** The largest object, in bytes, that {@link #put} accepts. */
    long maxObjectSize();

    /**
     * Stores {@code content} under {@code prefix/<sha-256 of the content in hex>} and answers that key. Equal content
     * always gets the same key and is written once; a key never names two different contents.
     */
    default String putContentAddressed(String prefix, byte[] content, String contentType) {
        ObjectKeys.requireWithinLimit(content.length, maxObjectSize());
        String key = ObjectKeys.contentAddressed(prefix, content);
        if (!exists(key)) {
            put(key, content, contentType);
        }
        return key;
    }

    /** An object's bytes and the content type it was stored with. */
    record StoredObject(byte[] content, String contentType) {
    }
}
