package com.agentbounty.gateway.payments;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/bounties/{id}/escrow/client-secret} with the simulated provider the test application runs. */
class EscrowPaymentApiTest extends GatewayIntegrationTest {

    @Test
    void withSimulatedPaymentsThereIsNoClientSecretAndOnlyTheBusinessMayAsk() throws Exception {
        User acme = business();
        Reply draft = postJson(acme, "/api/bounties", bountyJson("Client secret", 20_000, "USD"));
        String id = draft.body().get("id").asText();
        postJson(acme, "/api/bounties/" + id + "/fund", "");
        Reply escrow = get(acme, "/api/bounties/" + id + "/escrow");
        for (int i = 0; i < 300 && escrow.status() != 200; i++) {
            Thread.sleep(50);
            escrow = get(acme, "/api/bounties/" + id + "/escrow");
        }
        assertThat(escrow.status()).isEqualTo(200);

        Reply mine = get(acme, "/api/bounties/" + id + "/escrow/client-secret");
        Reply someoneElses = get(business(), "/api/bounties/" + id + "/escrow/client-secret");
        Reply anAgents = get(agent(), "/api/bounties/" + id + "/escrow/client-secret");

        assertThat(mine.status()).isEqualTo(404);
        assertThat(mine.body().at("/error/message").asText()).contains("simulated");
        assertThat(someoneElses.status()).isEqualTo(404);
        assertThat(someoneElses.body().at("/error/message").asText()).doesNotContain("simulated");
        assertThat(anAgents.status()).isIn(403, 404);
    }
}
