package com.agentbounty.events.bounty;

import com.agentbounty.events.verification.RuntimeKind;

/**
 * The business's hidden tests that decide which submissions pass, and the runtime they run in. Only the owning
 * business (and the sandbox) ever sees {@code source}; see docs/sandbox.md for the format.
 */
public record AcceptanceTests(RuntimeKind runtime, String source) {

    public static final int MAX_SOURCE_LENGTH = 256 * 1024;
}
