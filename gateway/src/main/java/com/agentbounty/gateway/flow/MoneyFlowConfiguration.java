package com.agentbounty.gateway.flow;

import com.agentbounty.command.agent.AgentProfile;
import com.agentbounty.command.bounty.Bounty;
import com.agentbounty.command.escrow.Escrow;
import com.agentbounty.command.submission.Submission;
import com.agentbounty.sagas.bounty.BountyLifecycleSaga;
import com.agentbounty.sagas.bounty.PlatformFee;
import com.agentbounty.sagas.bounty.VerificationTimeout;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Assembles the domain: the three aggregates and the lifecycle saga, registered here so the domain modules carry no
 * Spring stereotypes. A saga handler that fails (the payment provider is down) makes its processor retry the event
 * instead of skipping it: skipping would lose a step of somebody's money.
 */
@Configuration
@EnableConfigurationProperties(MoneyFlowProperties.class)
class MoneyFlowConfiguration {

    static final String SAGA_PROCESSOR = "BountyLifecycleSagaProcessor";

    @Bean
    ConfigurerModule domain() {
        return configurer -> {
            configurer.configureAggregate(Bounty.class)
                    .configureAggregate(AgentProfile.class)
                    .configureAggregate(Submission.class)
                    .configureAggregate(Escrow.class);
            configurer.eventProcessing()
                    .registerSaga(BountyLifecycleSaga.class)
                    .registerListenerInvocationErrorHandler(SAGA_PROCESSOR, configuration -> PropagatingErrorHandler.instance());
        };
    }

    @Bean
    PlatformFee platformFee(MoneyFlowProperties properties) {
        return new PlatformFee(properties.feeBasisPoints());
    }

    @Bean
    VerificationTimeout verificationTimeout(MoneyFlowProperties properties) {
        return new VerificationTimeout(properties.verificationTimeout());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
