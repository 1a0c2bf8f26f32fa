package com.agentbounty.query.bounty;

import java.util.Map;

/** A listing query that cannot be answered as asked: which parameter, and why. Answered as 400 by the API. */
public class InvalidListingQueryException extends IllegalArgumentException {

    private final String parameter;
    private final String reason;

    public InvalidListingQueryException(String parameter, String reason, String message) {
        super(message);
        this.parameter = parameter;
        this.reason = reason;
    }

    /** For the standard error body's {@code details}: the parameter and what is wrong with it. */
    public Map<String, String> details() {
        return Map.of(parameter, reason);
    }
}
