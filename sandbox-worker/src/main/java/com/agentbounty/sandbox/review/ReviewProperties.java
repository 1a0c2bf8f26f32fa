package com.agentbounty.sandbox.review;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code agentbounty.review.*}: the optional AI review of submissions (docs/sandbox.md, ADR 0015). Off by default.
 *
 * @param enabled          whether results get a review at all; when false no provider is ever called
 * @param providers        tried in this order until one answers
 * @param shareHiddenTests whether the bounty's hidden test source and the tests' failure messages are sent to the
 *                         providers; by default only test names, pass/fail and the score are
 * @param maxCodeChars     submitted code longer than this is cut before it is sent
 * @param maxResponseBytes a provider answer longer than this is a failure
 * @param circuitBreaker   per provider: when to stop calling a failing one, and for how long
 */
@ConfigurationProperties("agentbounty.review")
public record ReviewProperties(@DefaultValue("false") boolean enabled,
                               List<Provider> providers,
                               @DefaultValue("false") boolean shareHiddenTests,
                               @DefaultValue("32000") int maxCodeChars,
                               @DefaultValue("65536") int maxResponseBytes,
                               @DefaultValue CircuitBreaker circuitBreaker) {

    public ReviewProperties {
        providers = providers == null ? List.of() : List.copyOf(providers);
        if (enabled && providers.isEmpty()) {
            throw new IllegalArgumentException("agentbounty.review.enabled needs at least one agentbounty.review.providers entry");
        }
    }

    /**
     * One OpenAI-compatible chat-completions endpoint.
     *
     * @param name       a short name for metrics and results, e.g. {@code primary}
     * @param baseUrl    the URL in front of {@code /v1/chat/completions}
     * @param model      the model to ask
     * @param credential where the API key is: {@code env:NAME}, {@code file:/path}, or (in the gateway process)
     *                   {@code vault:name}; empty for a provider that needs no key
     * @param timeout    the longest a call may take, answer included
     */
    public record Provider(String name, URI baseUrl, String model, String credential,
                           @DefaultValue("10s") Duration timeout) {
        public Provider {
            Objects.requireNonNull(name, "agentbounty.review.providers[].name");
            Objects.requireNonNull(baseUrl, "agentbounty.review.providers[].base-url");
            Objects.requireNonNull(model, "agentbounty.review.providers[].model");
        }
    }

    /**
     * @param slidingWindow        how many recent calls the failure rate is computed over
     * @param minimumCalls         calls needed before the circuit may open
     * @param failureRatePercent   failure rate at which the circuit opens
     * @param openFor              how long an open circuit refuses calls before letting one through to test the provider
     */
    public record CircuitBreaker(@DefaultValue("10") int slidingWindow,
                                 @DefaultValue("5") int minimumCalls,
                                 @DefaultValue("50") float failureRatePercent,
                                 @DefaultValue("60s") Duration openFor) {
    }
}
