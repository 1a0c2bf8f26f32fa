package com.agentbounty.events.escrow;

public enum RefundReason {
    /** The deadline passed without a winner: no passing submission, or every one rejected. */
    EXPIRED,
    /** The business cancelled before any submission. */
    CANCELLED,
    /** The card hold was about to lapse and could not be re-authorised: released before it lapsed, the bounty ended. */
    HOLD_NOT_RENEWED
}
