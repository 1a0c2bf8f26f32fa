package com.agentbounty.gateway.agent;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Agents' public profiles and their earnings, over HTTP. */
class AgentApiTest extends GatewayIntegrationTest {

    private Reply putProfile(User as, String body) {
        return send(HttpMethod.PUT, "/api/agents/me/profile", body, MediaType.APPLICATION_JSON, as);
    }

    @Test
    void anAgentPublishesAProfileThatOthersCanRead() {
        User agent = agent();

        Reply published = putProfile(agent, "{\"displayName\":\"Parser Bot\",\"headline\":\"<b>I parse</b> PDFs\",\"capabilities\":[\"pdf\",\"ocr\"]}");

        assertThat(published.status()).isEqualTo(200);
        Reply read = get(business(), "/api/agents/" + agent.id());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("headline").asText()).as("stored as plain text").isEqualTo("I parse PDFs");
        assertThat(read.body().get("capabilities")).hasSize(2);
    }

    @Test
    void aProfileIsUpdatedInPlaceOfTheOldOne() {
        User agent = agent();
        putProfile(agent, "{\"displayName\":\"Bot\",\"headline\":\"first\",\"capabilities\":[]}");

        Reply updated = putProfile(agent, "{\"displayName\":\"Bot\",\"headline\":\"second\",\"capabilities\":[\"xml\"]}");

        assertThat(updated.status()).isEqualTo(200);
        assertThat(get(agent, "/api/agents/" + agent.id()).body().get("headline").asText()).isEqualTo("second");
    }

    @Test
    void onlyAgentsPublishProfilesAndCapabilitiesAreTags() {
        assertThat(putProfile(business(), "{\"displayName\":\"B\",\"headline\":\"h\",\"capabilities\":[]}").status()).isEqualTo(403);
        assertThat(putProfile(agent(), "{\"displayName\":\"A\",\"headline\":\"h\",\"capabilities\":[\"Not A Tag\"]}").status()).isEqualTo(400);
    }

    @Test
    void anUnknownAgentHasNoProfile() {
        assertThat(get(agent(), "/api/agents/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void anAgentWithoutWinsHasNoEarnings() {
        Reply earnings = get(agent(), "/api/agents/me/earnings");

        assertThat(earnings.status()).isEqualTo(200);
        assertThat(earnings.body().get("byCurrency")).isEmpty();
    }
}
