package com.agentbounty.sandbox.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Keys from the process environment ({@code env:OPENAI_API_KEY}) or from a secret file mounted into the container
 * ({@code file:/run/secrets/openai}, trimmed). Any other scheme is refused: {@code vault:} references need the
 * gateway's credential vault.
 */
public final class EnvironmentProviderKeys implements ProviderKeys {

    private final UnaryOperator<String> environment;

    public EnvironmentProviderKeys(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public String resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            return "";
        }
        if (reference.startsWith("env:")) {
            String name = reference.substring("env:".length());
            String value = environment.apply(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment variable " + name + " is not set");
            }
            return value.trim();
        }
        if (reference.startsWith("file:")) {
            Path file = Path.of(reference.substring("file:".length()));
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the key file " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new IllegalStateException("unsupported credential reference scheme in '" + scheme(reference)
                + "': use env:NAME or file:/path" + (reference.startsWith("vault:") ? " (vault: needs the gateway process)" : ""));
    }

    private static String scheme(String reference) {
        int colon = reference.indexOf(':');
        return colon < 0 ? "(none)" : reference.substring(0, colon + 1);
    }
}
