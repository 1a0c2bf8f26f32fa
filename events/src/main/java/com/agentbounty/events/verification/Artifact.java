package com.agentbounty.events.verification;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Code or tests handed to the sandbox: either carried in the job itself (small artifacts) or a
 * reference to the artifact store, where artifacts are kept by content hash.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Artifact.Inline.class, name = "inline"),
        @JsonSubTypes.Type(value = Artifact.Stored.class, name = "stored")
})
public sealed interface Artifact {

    /** Largest artifact carried inside a job message; larger ones go through the artifact store. */
    int MAX_INLINE_BYTES = 512 * 1024;

    static Artifact text(String text) {
        return new Inline(text, Encoding.UTF8);
    }

    static Artifact binary(byte[] bytes) {
        return new Inline(Base64.getEncoder().encodeToString(bytes), Encoding.BASE64);
    }

    enum Encoding { UTF8, BASE64 }

    /** The content itself: source text as UTF-8, or a binary (a WebAssembly module) in base64. */
    record Inline(String content, Encoding encoding) implements Artifact {
        public Inline {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(encoding, "encoding");
        }

        @JsonIgnore
        public byte[] bytes() {
            return encoding == Encoding.BASE64
                    ? Base64.getDecoder().decode(content)
                    : content.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A reference to the artifact store; the worker checks the fetched bytes against {@code sha256} (lower-case hex). */
    record Stored(String key, String sha256, long sizeBytes) implements Artifact {
        public Stored {
            Objects.requireNonNull(key, "key");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
            }
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("sizeBytes must not be negative");
            }
        }
    }
}
