package com.agentbounty.gateway.payments;

import com.agentbounty.sagas.bounty.PaymentProvider;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentConfigurationTest {

    private final PaymentConfiguration configuration = new PaymentConfiguration();

    @Test
    void stripeRunsWhenASecretKeyIsConfigured() {
        PaymentProvider provider = configuration.paymentProvider(null, null, null, Clock.systemUTC(), "sk_test_configured", "http://127.0.0.1:9", "https://agentbounty.example/return");

        assertThat(provider).isInstanceOf(StripePaymentProvider.class);
    }

    @Test
    void theSimulatedProviderRunsWithoutASecretKey() throws Exception {
        PaymentProvider provider = configuration.paymentProvider(null, null, null, Clock.systemUTC(), " ", "", "https://agentbounty.example/return");

        assertThat(provider).isInstanceOf(SimulatedPaymentProvider.class);
        ((SimulatedPaymentProvider) provider).close();
    }
}
