package com.agentbounty.gateway.vault;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(VaultProperties.class)
class VaultConfiguration {

    @Bean
    CredentialVault credentialVault(VaultProperties properties, @Value("${agentbounty.mode:local}") String mode) {
        return new CredentialVault(properties, "external".equalsIgnoreCase(mode));
    }
}
