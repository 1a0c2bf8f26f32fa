package com.agentbounty.events.bounty;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies one bounty. Serialised as its bare value, so the event store's aggregate id is readable. */
public record BountyId(String value) {

    public BountyId {
        Objects.requireNonNull(value, "value");
    }

    public static BountyId random() {
        return new BountyId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static BountyId of(String value) {
        return new BountyId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
