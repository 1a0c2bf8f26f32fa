package com.agentbounty.events.submission;

/** RECEIVED → VERIFYING → VERIFIED → APPROVED | REJECTED (a failed verification ends at VERIFIED). */
public enum SubmissionStatus {
    RECEIVED, VERIFYING, VERIFIED, APPROVED, REJECTED
}
