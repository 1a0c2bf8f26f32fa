package com.agentbounty.sandbox.review;

/**
 * A provider answered, but not with a usable review: an HTTP error ({@code failed}), or an answer too long or not the
 * expected JSON ({@code malformed}). The message says why in words and never quotes the request or the key.
 */
class ReviewFailedException extends RuntimeException {

    private final String outcome;

    private ReviewFailedException(String outcome, String message) {
        super(message);
        this.outcome = outcome;
    }

    static ReviewFailedException failed(String message) {
        return new ReviewFailedException("failed", message);
    }

    static ReviewFailedException malformed(String message) {
        return new ReviewFailedException("malformed", message);
    }

    /** The {@code outcome} tag of the call's meter. */
    String outcome() {
        return outcome;
    }
}
