package com.agentbounty.infrastructure.storage;

import com.agentbounty.infrastructure.embedded.InfrastructureMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@link ObjectStorage} bean from {@code agentbounty.storage.*} ({@link StorageProperties}). In mode {@code test}
 * the embedded launcher has already pointed {@code agentbounty.storage.s3.*} at its in-process S3 server, so this class
 * knows nothing about modes beyond the default type.
 */
@AutoConfiguration
@EnableConfigurationProperties(StorageProperties.class)
public class ObjectStorageAutoConfiguration {

    private static final Log log = LogFactory.getLog(ObjectStorageAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(ObjectStorage.class)
    public ObjectStorage objectStorage(StorageProperties properties, Environment environment) {
        InfrastructureMode mode = InfrastructureMode.parse(environment.getProperty(InfrastructureMode.PROPERTY));
        StorageProperties.Type type = properties.type() != null ? properties.type()
                : mode == InfrastructureMode.LOCAL ? StorageProperties.Type.LOCAL : StorageProperties.Type.S3;
        long maxObjectSize = properties.maxObjectSize().toBytes();
        return switch (type) {
            case LOCAL -> localFolder(properties.local(), environment, maxObjectSize);
            case S3 -> S3ObjectStorage.connect(s3Settings(properties.s3()), maxObjectSize);
        };
    }

    private static LocalFolderObjectStorage localFolder(StorageProperties.Local local, Environment environment, long maxObjectSize) {
        Path directory = local.directory() != null ? local.directory()
                : Path.of(environment.getProperty("agentbounty.data-dir", "data")).resolve("artifacts");
        byte[] signingKey;
        if (local.signingKey() != null && !local.signingKey().isBlank()) {
            signingKey = Base64.getDecoder().decode(local.signingKey().trim());
        } else {
            signingKey = new byte[32];
            new SecureRandom().nextBytes(signingKey);
            log.info("Signed artifact URLs use a key made at start: they stop working when this process stops "
                    + "(set AGENTBOUNTY_STORAGE_LOCAL_SIGNING_KEY to keep them across restarts)");
        }
        String baseUrl = local.baseUrl() != null ? local.baseUrl()
                : "http://localhost:" + environment.getProperty("server.port", "8080");
        var storage = new LocalFolderObjectStorage(directory, signingKey, baseUrl, maxObjectSize, Clock.systemUTC());
        log.info("Object storage: local folder " + storage.root());
        return storage;
    }

    private static S3ObjectStorage.Settings s3Settings(StorageProperties.S3 s3) {
        List<String> missing = new ArrayList<>();
        if (blank(s3.region())) {
            missing.add("AGENTBOUNTY_STORAGE_S3_REGION");
        }
        if (blank(s3.bucket())) {
            missing.add("AGENTBOUNTY_STORAGE_S3_BUCKET");
        }
        if (blank(s3.accessKeyId())) {
            missing.add("AGENTBOUNTY_STORAGE_S3_ACCESS_KEY_ID");
        }
        if (blank(s3.secretAccessKey())) {
            missing.add("AGENTBOUNTY_STORAGE_S3_SECRET_ACCESS_KEY");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("S3 object storage needs these environment variables: " + String.join(", ", missing));
        }
        log.info("Object storage: S3 bucket " + s3.bucket() + " at " + (s3.endpoint() == null ? "AWS " + s3.region() : s3.endpoint()));
        return new S3ObjectStorage.Settings(s3.endpoint(), s3.region(), s3.bucket(), s3.accessKeyId(), s3.secretAccessKey());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
