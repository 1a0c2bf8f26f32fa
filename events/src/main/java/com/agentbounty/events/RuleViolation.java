package com.agentbounty.events;

/**
 * A command broke a domain rule. The code is part of the public API (clients branch on it);
 * the message is for humans. {@link Kind} tells the gateway which HTTP status fits.
 */
public class RuleViolation extends RuntimeException {

    public enum Kind {
        /** The request can never succeed as written (422). */
        INVALID,
        /** The request does not fit the resource's current state (409). */
        CONFLICT,
        /** The caller may not do this to this resource (403). */
        FORBIDDEN
    }

    private final Kind kind;
    private final String code;

    public RuleViolation(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
