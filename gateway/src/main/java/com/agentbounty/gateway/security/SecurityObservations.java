package com.agentbounty.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No Micrometer observation around each security filter, authentication and authorization. With an observation
 * registry present (actuator), Spring Security wraps every filter of the chain in an observation of its own: 8 % of
 * the JVM's CPU samples under {@code POST /api/bounties} load in the profile of docs/benchmarks.md ("Projection lag
 * under command load"), for timers that nothing exports or reads. Requests keep their own {@code http.server.requests} timer.
 */
@Configuration
class SecurityObservations {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
