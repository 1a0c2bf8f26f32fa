package com.agentbounty.gateway.health;

import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import jakarta.annotation.security.PermitAll;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code /api/ready}: 200 when the application has started and PostgreSQL, Redis and Kafka answer, 503 otherwise.
 * A load balancer sends traffic only to a ready instance. Backed by the actuator's readiness health group.
 */
@RestController
public class ReadinessController {

    private final HealthEndpoint health;

    public ReadinessController(HealthEndpoint health) {
        this.health = health;
    }

    @PermitAll
    @GetMapping("/api/ready")
    ResponseEntity<Map<String, String>> ready() {
        HealthComponent readiness = health.healthForPath("readiness");
        Status status = readiness == null ? Status.UNKNOWN : readiness.getStatus();
        return ResponseEntity.status(Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("status", status.getCode()));
    }
}
