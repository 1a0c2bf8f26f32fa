package com.agentbounty.gateway.bounty;

import com.agentbounty.command.bounty.Bounty;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Registers the command side's aggregates with Axon here, so the domain classes carry no Spring annotations. */
@Configuration
class BountyAggregateConfiguration {

    @Bean
    ConfigurerModule bountyAggregate() {
        return configurer -> configurer.configureAggregate(Bounty.class);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
