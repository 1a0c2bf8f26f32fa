package com.agentbounty.events.verification;

import java.util.Objects;

/** One acceptance test's result; {@code message} says why it failed, null when it passed. */
public record TestOutcome(String name, boolean passed, String message) {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_MESSAGE_LENGTH = 1_000;

    public TestOutcome {
        Objects.requireNonNull(name, "name");
        name = cut(name, MAX_NAME_LENGTH);
        message = message == null ? null : cut(message, MAX_MESSAGE_LENGTH);
    }

    public static TestOutcome passed(String name) {
        return new TestOutcome(name, true, null);
    }

    public static TestOutcome failed(String name, String message) {
        return new TestOutcome(name, false, message);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
