package com.agentbounty.infrastructure.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one rule for object keys, shared by every adapter so that a key valid for S3 is valid for the local folder and
 * the reverse. A key is 1 to 512 characters: segments of letters, digits, {@code _}, {@code -} and {@code .}, joined by
 * single {@code /}; no segment is empty or starts with a dot. That leaves no way to write {@code ..}, an absolute path,
 * a backslash or anything a URL would have to encode.
 */
public final class ObjectKeys {

    public static final int MAX_LENGTH = 512;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private ObjectKeys() {
    }

    /** Answers the key unchanged, or throws {@link InvalidObjectKeyException} saying what is wrong with it. */
    public static String requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidObjectKeyException(key, "it is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new InvalidObjectKeyException(key, "it is longer than " + MAX_LENGTH + " characters");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new InvalidObjectKeyException(key,
                        "every segment between slashes must be letters, digits, '_', '-' or '.', and not start with '.'");
            }
        }
        return key;
    }

    /** {@code prefix + "/" + sha-256(content) in lower-case hex}. */
    public static String contentAddressed(String prefix, byte[] content) {
        requireValid(prefix);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return prefix + "/" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    static void requireWithinLimit(long size, long maxObjectSize) {
        if (size > maxObjectSize) {
            throw new ObjectTooLargeException(size, maxObjectSize);
        }
    }
}
