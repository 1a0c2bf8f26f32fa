package com.agentbounty.gateway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Login throttling and the first admin. The first admin is created at start-up when both its email and password
 * are set ({@code AGENTBOUNTY_BOOTSTRAP_ADMIN_EMAIL}, {@code AGENTBOUNTY_BOOTSTRAP_ADMIN_PASSWORD}) and no admin
 * exists yet; there is no default password anywhere.
 */
@ConfigurationProperties("agentbounty.security")
record IdentityProperties(Login login, BootstrapAdmin bootstrapAdmin) {

    record Login(int maxFailures, Duration lockout) {
    }

    record BootstrapAdmin(String email, String password) {
        boolean isConfigured() {
            return email != null && !email.isBlank() && password != null && !password.isBlank();
        }
    }
}
