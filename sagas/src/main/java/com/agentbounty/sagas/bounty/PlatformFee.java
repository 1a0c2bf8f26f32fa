package com.agentbounty.sagas.bounty;

/** The platform's share of every award, in basis points (1500 = 15 %). Configured once; see docs/money-flow.md. */
public record PlatformFee(int basisPoints) {

    public PlatformFee {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException("the platform fee must be between 0 and 10000 basis points");
        }
    }
}
