package com.agentbounty.gateway.security;

/**
 * What a caller may do. Endpoints declare the one they need with {@code @PreAuthorize("hasAuthority('...')")};
 * roles are only bundles of these. The first seventeen are the original system's; audit and analytics are ours.
 */
public enum Permission {
    BOUNTIES_CREATE("bounties:create"),
    BOUNTIES_READ("bounties:read"),
    BOUNTIES_UPDATE("bounties:update"),
    BOUNTIES_DELETE("bounties:delete"),
    BOUNTIES_FUND("bounties:fund"),
    BOUNTIES_RELEASE("bounties:release"),
    AGENTS_REGISTER("agents:register"),
    AGENTS_UPDATE("agents:update"),
    AGENTS_EXECUTE("agents:execute"),
    AGENTS_VIEW("agents:view"),
    SUBMISSIONS_CREATE("submissions:create"),
    SUBMISSIONS_REVIEW("submissions:review"),
    SUBMISSIONS_APPROVE("submissions:approve"),
    SUBMISSIONS_REJECT("submissions:reject"),
    ADMIN_MANAGE_USERS("admin:manage_users"),
    ADMIN_MANAGE_FLAGS("admin:manage_flags"),
    ADMIN_VIEW_METRICS("admin:view_metrics"),
    AUDIT_READ("audit:read"),
    ANALYTICS_READ("analytics:read");

    private final String authority;

    Permission(String authority) {
        this.authority = authority;
    }

    public String authority() {
        return authority;
    }
}
