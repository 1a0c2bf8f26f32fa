package com.agentbounty.events.escrow;

/** REQUESTED → HELD → (CAPTURED → PAID_OUT) | REFUNDED; FAILED when the payment never went through. */
public enum EscrowStatus {
    REQUESTED, HELD, CAPTURED, PAID_OUT, REFUNDED, FAILED
}
