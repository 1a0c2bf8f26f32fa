package com.agentbounty.events.escrow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies the money state of one bounty. Serialised as its bare value. */
public record EscrowId(String value) {

    public EscrowId {
        Objects.requireNonNull(value, "value");
    }

    public static EscrowId random() {
        return new EscrowId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static EscrowId of(String value) {
        return new EscrowId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
