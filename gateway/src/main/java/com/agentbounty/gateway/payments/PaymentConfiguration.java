package com.agentbounty.gateway.payments;

import com.stripe.StripeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;

/**
 * Chooses the payment provider: Stripe when {@code agentbounty.payments.stripe.secret-key} is set (env
 * {@code AGENTBOUNTY_STRIPE_SECRET_KEY}), the simulated one otherwise, and logs which one runs (never a secret).
 */
@Configuration
class PaymentConfiguration {

    /** Network errors and Stripe's 5xx are retried this often, with the same idempotency key; 4xx never. */
    static final int STRIPE_NETWORK_RETRIES = 2;

    private static final Logger log = LoggerFactory.getLogger(PaymentConfiguration.class);

    @Bean
    PaymentAdapter paymentProvider(NamedParameterJdbcTemplate jdbc, ProviderEvents events, PayoutAccounts accounts, Clock clock,
                                    @Value("${agentbounty.payments.stripe.secret-key:}") String secretKey,
                                    @Value("${agentbounty.payments.stripe.api-base:}") String apiBase,
                                    @Value("${agentbounty.payments.stripe.onboarding-return-url}") String onboardingReturnUrl) {
        if (secretKey.isBlank()) {
            log.info("Payments: simulated provider (no real money moves; set AGENTBOUNTY_STRIPE_SECRET_KEY to use Stripe)");
            return new SimulatedPaymentProvider(jdbc, events, accounts, clock);
        }
        log.info("Payments: Stripe provider ({} mode{})", secretKey.startsWith("sk_live_") ? "live" : "test",
                apiBase.isBlank() ? "" : ", API at " + apiBase);
        return new StripePaymentProvider(stripeClient(secretKey, apiBase, 30_000), jdbc, events, accounts, clock, onboardingReturnUrl);
    }

    /** The client every Stripe call goes through: network errors and 5xx retried {@value #STRIPE_NETWORK_RETRIES} times. */
    static StripeClient stripeClient(String secretKey, String apiBase, int readTimeoutMillis) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(secretKey)
                .setMaxNetworkRetries(STRIPE_NETWORK_RETRIES)
                .setConnectTimeout(10_000)
                .setReadTimeout(readTimeoutMillis);
        if (!apiBase.isBlank()) {
            builder.setApiBase(apiBase);
        }
        return builder.build();
    }
}
