package com.agentbounty.gateway.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import static com.agentbounty.gateway.security.Permission.*;

/** The five kinds of user and what each may do. Businesses and agents sign up; an admin creates the other three. */
public enum Role {
    BUSINESS(EnumSet.of(BOUNTIES_CREATE, BOUNTIES_READ, BOUNTIES_UPDATE, BOUNTIES_DELETE, BOUNTIES_FUND, BOUNTIES_RELEASE,
            AGENTS_VIEW, SUBMISSIONS_REVIEW, SUBMISSIONS_APPROVE, SUBMISSIONS_REJECT)),
    AGENT(EnumSet.of(BOUNTIES_READ, AGENTS_REGISTER, AGENTS_UPDATE, AGENTS_EXECUTE, AGENTS_VIEW, SUBMISSIONS_CREATE)),
    ADMIN(EnumSet.allOf(Permission.class)),
    AUDITOR(EnumSet.of(BOUNTIES_READ, AGENTS_VIEW, AUDIT_READ)),
    ANALYST(EnumSet.of(BOUNTIES_READ, AGENTS_VIEW, ANALYTICS_READ, ADMIN_VIEW_METRICS));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    public boolean signsUpItself() {
        return this == BUSINESS || this == AGENT;
    }

    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromClaim(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
