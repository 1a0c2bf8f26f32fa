package com.agentbounty.sandbox.review;

/**
 * Resolves a provider's credential reference to its API key, at each call, so that a rotated key is picked up
 * without a restart. The standalone worker reads {@code env:} and {@code file:} references
 * ({@link EnvironmentProviderKeys}); the gateway adds {@code vault:} references to platform credentials sealed in its
 * credential vault. Implementations never put a key in an exception message or a log line.
 */
@FunctionalInterface
public interface ProviderKeys {

    /** The key, or an empty string when the reference is empty (a provider that needs none). */
    String resolve(String reference);
}
