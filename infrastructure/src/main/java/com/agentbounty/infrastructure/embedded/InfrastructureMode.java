package com.agentbounty.infrastructure.embedded;

import java.util.Locale;

/** Where the servers come from (DESIGN.md section 10). The same adapters run in every mode. */
public enum InfrastructureMode {
    /** Embedded servers; PostgreSQL keeps its data in the data folder across restarts. The default for running. */
    LOCAL,
    /** Embedded servers shared by every test in one JVM; nothing kept. The default for tests. */
    TEST,
    /** Nothing started: connection settings come from the environment. */
    EXTERNAL;

    public static final String PROPERTY = "agentbounty.mode";

    public static InfrastructureMode parse(String value) {
        if (value == null || value.isBlank()) {
            return LOCAL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Unknown " + PROPERTY + " '" + value + "': use local, test or external");
        }
    }
}
