package com.agentbounty.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The one application: REST API, security and adapters around the command side, sagas and query side. */
@SpringBootApplication(scanBasePackages = "com.agentbounty")
public class GatewayApplication {

    public static void main(String[] args) {
        // Axon's update checker phones home; the product never does.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(GatewayApplication.class, args);
    }
}
