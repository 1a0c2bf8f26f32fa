package com.agentbounty.gateway.vault;

import com.agentbounty.sandbox.review.EnvironmentProviderKeys;
import com.agentbounty.sandbox.review.ProviderKeys;
import org.springframework.stereotype.Component;

/**
 * The AI review's provider keys in the gateway process: {@code vault:<name>} opens a platform credential stored
 * through the admin API; {@code env:} and {@code file:} references are read as in a standalone worker.
 */
@Component
class VaultProviderKeys implements ProviderKeys {

    private static final String VAULT = "vault:";

    private final PlatformCredentials credentials;
    private final ProviderKeys environment = new EnvironmentProviderKeys(System::getenv);

    VaultProviderKeys(PlatformCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String resolve(String reference) {
        if (reference == null || !reference.startsWith(VAULT)) {
            return environment.resolve(reference);
        }
        String name = reference.substring(VAULT.length());
        return credentials.reveal(name)
                .orElseThrow(() -> new IllegalStateException("no platform credential named " + name + " in the vault"));
    }
}
