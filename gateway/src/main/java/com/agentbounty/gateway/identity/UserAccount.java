package com.agentbounty.gateway.identity;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.security.Role;

import java.time.Instant;

/** A stored user. The password hash never leaves the identity feature. */
record UserAccount(UserId id, String email, String displayName, Role role, String passwordHash,
                   Instant createdAt, int failedLogins, Instant lockedUntil) {

    boolean isLockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    UserProfile profile() {
        return new UserProfile(id, email, displayName, role.claimValue(), createdAt);
    }

    /** What the API shows of a user. */
    record UserProfile(UserId id, String email, String displayName, String role, Instant createdAt) {
    }
}
