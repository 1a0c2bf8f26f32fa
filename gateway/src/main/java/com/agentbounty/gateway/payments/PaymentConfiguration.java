package com.agentbounty.gateway.payments;

import com.agentbounty.sagas.bounty.PaymentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;

/** Chooses the payment provider. Until the Stripe adapter exists, the simulated one is the only one, and says so. */
@Configuration
class PaymentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PaymentConfiguration.class);

    @Bean
    PaymentProvider paymentProvider(NamedParameterJdbcTemplate jdbc, ProviderEvents events, PayoutAccounts accounts, Clock clock) {
        log.info("Payments: simulated provider (no real money moves)");
        return new SimulatedPaymentProvider(jdbc, events, accounts, clock);
    }
}
