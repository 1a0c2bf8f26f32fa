package com.agentbounty.events.bounty;

/** The life of a bounty (DESIGN.md section 3): DRAFT → FUNDING → OPEN → (AWARDED → COMPLETED) | EXPIRED | CANCELLED. */
public enum BountyStatus {
    DRAFT, FUNDING, OPEN, AWARDED, COMPLETED, EXPIRED, CANCELLED
}
