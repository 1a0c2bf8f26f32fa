package com.agentbounty.gateway.vault;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.agentbounty.sandbox.review.ProviderKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AI review's provider keys kept in the credential vault: stored by admins, read only by the review. */
class PlatformCredentialsTest extends GatewayIntegrationTest {

    @Autowired
    ProviderKeys providerKeys;

    @Test
    void anAdminStoresAProviderKeyThatTheReviewReadsFromTheVaultAndNoAnswerShows() {
        String name = "review-" + UUID.randomUUID().toString().substring(0, 8);

        Reply stored = send(HttpMethod.PUT, "/api/admin/platform-credentials/" + name,
                "{\"provider\":\"openai-compatible\",\"apiKey\":\"sk-platform-secret-9876\"}", MediaType.APPLICATION_JSON, admin());

        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.body().get("hint").asText()).isEqualTo("…9876");
        Reply listed = get(admin(), "/api/admin/platform-credentials");
        assertThat(listed.body().toString()).contains(name).doesNotContain("sk-platform-secret");
        byte[] ciphertext = jdbc.queryForObject("SELECT ciphertext FROM platform_credential WHERE name = ?", byte[].class, name);
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("sk-platform-secret");
        assertThat(providerKeys.resolve("vault:" + name)).isEqualTo("sk-platform-secret-9876");

        assertThat(send(HttpMethod.DELETE, "/api/admin/platform-credentials/" + name, null, null, admin()).status()).isEqualTo(204);
        assertThatThrownBy(() -> providerKeys.resolve("vault:" + name))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("sk-platform");
    }

    @Test
    void onlyAdminsManagePlatformCredentials() {
        String body = "{\"provider\":\"openai\",\"apiKey\":\"sk-not-allowed-1234\"}";

        assertThat(send(HttpMethod.PUT, "/api/admin/platform-credentials/stolen", body, MediaType.APPLICATION_JSON, agent()).status())
                .isEqualTo(403);
        assertThat(send(HttpMethod.PUT, "/api/admin/platform-credentials/stolen", body, MediaType.APPLICATION_JSON, business()).status())
                .isEqualTo(403);
        assertThat(get(agent(), "/api/admin/platform-credentials").status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM platform_credential WHERE name = 'stolen'", Integer.class)).isZero();
    }

    @Test
    void anAgentsCredentialIsNotAPlatformCredential() {
        User agent = agent();
        send(HttpMethod.PUT, "/api/agents/me/credentials/shared-name", "{\"provider\":\"openai\",\"apiKey\":\"sk-agent-own-key-1111\"}",
                MediaType.APPLICATION_JSON, agent);

        assertThatThrownBy(() -> providerKeys.resolve("vault:shared-name")).isInstanceOf(IllegalStateException.class);
    }
}
