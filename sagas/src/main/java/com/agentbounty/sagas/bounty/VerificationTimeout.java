package com.agentbounty.sagas.bounty;

import java.time.Duration;

/** How long the saga waits for a sandbox verdict before sending the same job again. */
public record VerificationTimeout(Duration duration) {

    public VerificationTimeout {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the verification timeout must be positive");
        }
    }
}
