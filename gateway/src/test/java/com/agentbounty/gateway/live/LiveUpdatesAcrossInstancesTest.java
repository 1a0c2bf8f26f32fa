package com.agentbounty.gateway.live;

import com.agentbounty.gateway.GatewayApplication;
import com.agentbounty.gateway.GatewayIntegrationTest;
import com.agentbounty.gateway.security.SigningKeys;
import com.agentbounty.gateway.security.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Base64;

import static com.agentbounty.gateway.live.LiveClient.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances on the same PostgreSQL, Redis and Kafka: A, the shared test application, runs the
 * projections; B is a second application on its own port, started here with the same signing key (as every node of
 * a deployment has) and with its event processors stopped, so nothing B's clients receive can come from B itself.
 * A client connected to B receives a change made through A's REST API: the change crossed over Redis.
 */
class LiveUpdatesAcrossInstancesTest extends GatewayIntegrationTest {

    private static ConfigurableApplicationContext instanceB;

    @Autowired
    SigningKeys signingKeys;

    @BeforeAll
    static void noSecondInstanceYet() {
        instanceB = null;
    }

    private int startInstanceB() {
        if (instanceB == null) {
            String keyId = signingKeys.activeKeyId();
            String secret = Base64.getEncoder().encodeToString(TestTokens.activeKey(signingKeys).toByteArray());
            instanceB = new SpringApplicationBuilder(GatewayApplication.class).run(
                    "--server.port=0",
                    "--agentbounty.security.tokens.keys." + keyId + "=" + secret,
                    "--agentbounty.security.tokens.active-key-id=" + keyId,
                    // B serves the API and the WebSocket only: the verification work and the projections stay with A.
                    "--agentbounty.sandbox.worker.enabled=false",
                    "--spring.kafka.listener.auto-startup=false");
            instanceB.getBean(EventProcessingConfiguration.class).eventProcessors().values().forEach(EventProcessor::shutDown);
        }
        return Integer.parseInt(instanceB.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    @Test
    void aChangeMadeThroughInstanceAReachesAClientConnectedToInstanceB() {
        int portOfB = startInstanceB();
        User acme = business();
        String bounty = postJson(acme, "/api/bounties", bountyJson("Across instances", 10_000, "USD")).body().get("id").asText();

        try (LiveClient onB = LiveClient.connect(portOfB, acme.accessToken())) {
            assertThat(onB.subscribe("bounties/" + bounty).path("type").asText()).isEqualTo("subscribed");
            assertThat(postJson(acme, "/api/bounties/" + bounty + "/fund", "").status()).isEqualTo(202);

            JsonNode opened = onB.next(update("bounty.changed", "bounties/" + bounty)
                    .and(message -> "OPEN".equals(message.at("/payload/status").asText())));
            assertThat(opened.at("/payload/id").asText()).isEqualTo(bounty);
        }
        assertThat(instanceB.getBean(EventProcessingConfiguration.class).eventProcessors().values())
                .as("B ran no projection, so the update came from A").noneMatch(EventProcessor::isRunning);
    }
}
