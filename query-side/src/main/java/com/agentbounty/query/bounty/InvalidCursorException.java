package com.agentbounty.query.bounty;

/** A cursor that no page of ours produced: the client sent something else, or edited it. */
public class InvalidCursorException extends IllegalArgumentException {

    public InvalidCursorException(String cursor) {
        super("Invalid cursor: " + (cursor.length() > 64 ? cursor.substring(0, 64) + "…" : cursor));
    }
}
