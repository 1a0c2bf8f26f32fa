package com.agentbounty.events.submission;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies one submission of code by an agent to a bounty. Serialised as its bare value. */
public record SubmissionId(String value) {

    public SubmissionId {
        Objects.requireNonNull(value, "value");
    }

    public static SubmissionId random() {
        return new SubmissionId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static SubmissionId of(String value) {
        return new SubmissionId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
