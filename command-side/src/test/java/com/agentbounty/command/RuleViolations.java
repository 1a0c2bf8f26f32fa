package com.agentbounty.command;

import com.agentbounty.events.RuleViolation;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;

/** Matches the domain error a client would see, by its API code. */
public final class RuleViolations {

    private RuleViolations() {
    }

    public static Matcher<RuleViolation> violation(String code) {
        return new CustomTypeSafeMatcher<>("a rule violation " + code) {
            @Override
            protected boolean matchesSafely(RuleViolation violation) {
                return code.equals(violation.code());
            }
        };
    }
}
