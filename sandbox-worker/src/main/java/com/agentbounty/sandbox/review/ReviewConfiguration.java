package com.agentbounty.sandbox.review;

import com.agentbounty.sandbox.verification.VerificationService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


/**
 * The optional AI review of the worker's results (ADR 0015). With {@code agentbounty.review.enabled=false}, the
 * default, no provider is built and results pass unchanged. Provider keys come from a {@link ProviderKeys} bean when
 * the process has one (the gateway's, which also reads its credential vault), otherwise from the environment.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "agentbounty.sandbox.worker.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ReviewProperties.class)
public class ReviewConfiguration {

    @Bean
    @ConditionalOnProperty(name = "agentbounty.review.enabled", havingValue = "true")
    ReviewChain reviewChain(ReviewProperties properties, ObjectProvider<ProviderKeys> keys, MeterRegistry registry) {
        return ReviewChain.of(properties, keys.getIfAvailable(() -> new EnvironmentProviderKeys(System::getenv)), registry);
    }

    @Bean
    ResultReviews resultReviews(ReviewProperties properties, ObjectProvider<ReviewChain> chain, VerificationService verification) {
        ReviewChain reviewer = chain.getIfAvailable();
        return reviewer == null ? ResultReviews.off()
                : new ResultReviews(reviewer, verification::contentOf, properties.shareHiddenTests(), properties.maxCodeChars());
    }
}
