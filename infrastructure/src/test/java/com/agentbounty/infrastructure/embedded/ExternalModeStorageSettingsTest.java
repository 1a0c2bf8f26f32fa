package com.agentbounty.infrastructure.embedded;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mode external starts nothing, so these run the environment post-processor itself, without any server. */
class ExternalModeStorageSettingsTest {

    private static final Map<String, Object> SERVERS = Map.of(
            "agentbounty.mode", "external",
            "agentbounty.database.url", "jdbc:postgresql://db:5432/agentbounty",
            "agentbounty.database.username", "app",
            "agentbounty.database.password", "secret",
            "agentbounty.redis.url", "redis://cache:6379",
            "agentbounty.kafka.bootstrap-servers", "kafka:9092");

    private final InfrastructureEnvironmentPostProcessor postProcessor =
            new InfrastructureEnvironmentPostProcessor(Supplier::get);

    @Test
    void modeExternalRefusesToStartWithoutEveryS3SettingAndNamesThem() {
        var environment = environment(Map.of("agentbounty.storage.s3.region", "auto"));

        assertThatThrownBy(() -> postProcessor.postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Mode external needs these environment variables: AGENTBOUNTY_STORAGE_S3_ACCESS_KEY_ID, "
                        + "AGENTBOUNTY_STORAGE_S3_BUCKET, AGENTBOUNTY_STORAGE_S3_ENDPOINT, AGENTBOUNTY_STORAGE_S3_SECRET_ACCESS_KEY");
    }

    @Test
    void modeExternalWithEveryS3SettingUsesS3() {
        var environment = environment(Map.of(
                "agentbounty.storage.s3.endpoint", "https://account.r2.cloudflarestorage.com",
                "agentbounty.storage.s3.region", "auto",
                "agentbounty.storage.s3.bucket", "artifacts",
                "agentbounty.storage.s3.access-key-id", "id",
                "agentbounty.storage.s3.secret-access-key", "secret"));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("agentbounty.storage.type")).isEqualTo("s3");
    }

    @Test
    void modeExternalMayChooseTheLocalFolderOnPurpose() {
        var environment = environment(Map.of("agentbounty.storage.type", "local"));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("agentbounty.storage.type")).isEqualTo("local");
    }

    private static StandardEnvironment environment(Map<String, Object> storage) {
        Map<String, Object> properties = new HashMap<>(SERVERS);
        properties.putAll(storage);
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
