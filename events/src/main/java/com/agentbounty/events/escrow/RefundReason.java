package com.agentbounty.events.escrow;

public enum RefundReason {
    /** The deadline passed without a winner: no passing submission, or every one rejected. */
    EXPIRED,
    /** The business cancelled before any submission. */
    CANCELLED
}
