package com.agentbounty.gateway.identity;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Creates the first admin from configuration when there is none, so an installation can be administered at all. */
@Component
@EnableConfigurationProperties(IdentityProperties.class)
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    /** The security log's actor for the account made from configuration. */
    private static final UserId CONFIGURATION = new UserId("configuration");

    private final UserAccounts accounts;
    private final Identity identity;
    private final IdentityProperties properties;

    BootstrapAdmin(UserAccounts accounts, Identity identity, IdentityProperties properties) {
        this.accounts = accounts;
        this.identity = identity;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyWithRole(Role.ADMIN)) {
            return;
        }
        if (!properties.bootstrapAdmin().isConfigured()) {
            log.warn("No admin account exists; set AGENTBOUNTY_BOOTSTRAP_ADMIN_EMAIL and AGENTBOUNTY_BOOTSTRAP_ADMIN_PASSWORD to create one");
            return;
        }
        if (properties.bootstrapAdmin().password().length() < AuthController.MIN_PASSWORD) {
            throw new IllegalStateException("AGENTBOUNTY_BOOTSTRAP_ADMIN_PASSWORD must have at least " + AuthController.MIN_PASSWORD + " characters");
        }
        identity.create(properties.bootstrapAdmin().email(), properties.bootstrapAdmin().password(), "Administrator", Role.ADMIN, CONFIGURATION);
        log.info("Created the first admin account from configuration");
    }
}
