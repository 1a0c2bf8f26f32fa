package com.agentbounty.infrastructure.storage;

/** A key that breaks the rule of {@link ObjectKeys}: refused before it reaches any store or file system. */
public class InvalidObjectKeyException extends IllegalArgumentException {

    public InvalidObjectKeyException(String key, String reason) {
        super("Invalid object key '" + key + "': " + reason);
    }
}
