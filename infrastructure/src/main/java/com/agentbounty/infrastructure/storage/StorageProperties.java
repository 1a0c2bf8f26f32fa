package com.agentbounty.infrastructure.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;

/**
 * {@code agentbounty.storage.*}: which object storage, its largest object, and each adapter's settings.
 *
 * @param type          {@code local} or {@code s3}; unset means {@code local} in mode local, {@code s3} otherwise
 * @param maxObjectSize objects above this are refused (default 5 MiB)
 */
@ConfigurationProperties("agentbounty.storage")
public record StorageProperties(
        Type type,
        @DefaultValue("5MB") DataSize maxObjectSize,
        @DefaultValue Local local,
        @DefaultValue S3 s3) {

    public enum Type { LOCAL, S3 }

    /**
     * @param directory  where objects are kept; default {@code <agentbounty.data-dir>/artifacts}
     * @param signingKey base64 of at least 32 secret bytes for signed URLs; default a random key per process
     * @param baseUrl    how clients reach the gateway; default {@code http://localhost:<server.port>}
     */
    public record Local(Path directory, String signingKey, String baseUrl) {
    }

    /** Connection to an S3-compatible service; in mode external every one of these is required. */
    public record S3(URI endpoint, String region, String bucket, String accessKeyId, String secretAccessKey) {
    }
}
