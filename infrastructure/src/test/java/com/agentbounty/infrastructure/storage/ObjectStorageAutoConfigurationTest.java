package com.agentbounty.infrastructure.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectStorageAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObjectStorageAutoConfiguration.class));

    @TempDir
    Path data;

    @Test
    void modeLocalKeepsObjectsInTheArtifactsFolderOfTheDataFolder() {
        context.withPropertyValues("agentbounty.mode=local", "agentbounty.data-dir=" + data)
               .run(app -> {
                   assertThat(app).getBean(ObjectStorage.class).isInstanceOf(LocalFolderObjectStorage.class);
                   var storage = app.getBean(LocalFolderObjectStorage.class);
                   assertThat(storage.root()).isEqualTo(data.resolve("artifacts").toRealPath());
                   assertThat(storage.maxObjectSize()).as("default 5 MiB").isEqualTo(5L * 1024 * 1024);
               });
    }

    @Test
    void theMaximumObjectSizeIsConfigurable() {
        context.withPropertyValues("agentbounty.mode=local", "agentbounty.data-dir=" + data,
                        "agentbounty.storage.max-object-size=64KB")
               .run(app -> assertThat(app.getBean(ObjectStorage.class).maxObjectSize()).isEqualTo(64L * 1024));
    }

    @Test
    void typeS3ConnectsToTheConfiguredBucket() {
        context.withPropertyValues("agentbounty.mode=local", "agentbounty.storage.type=s3",
                        "agentbounty.storage.s3.endpoint=https://account.r2.cloudflarestorage.com",
                        "agentbounty.storage.s3.region=auto", "agentbounty.storage.s3.bucket=artifacts",
                        "agentbounty.storage.s3.access-key-id=id", "agentbounty.storage.s3.secret-access-key=secret")
               .run(app -> {
                   assertThat(app).getBean(ObjectStorage.class).isInstanceOf(S3ObjectStorage.class);
                   assertThat(app.getBean(S3ObjectStorage.class).bucket()).isEqualTo("artifacts");
               });
    }

    @Test
    void s3WithoutItsSettingsFailsAtStartNamingEachMissingVariable() {
        context.withPropertyValues("agentbounty.mode=test", "agentbounty.storage.s3.region=auto")
               .run(app -> assertThat(app).hasFailed().getFailure().rootCause()
                       .hasMessage("S3 object storage needs these environment variables: AGENTBOUNTY_STORAGE_S3_BUCKET, "
                               + "AGENTBOUNTY_STORAGE_S3_ACCESS_KEY_ID, AGENTBOUNTY_STORAGE_S3_SECRET_ACCESS_KEY"));
    }
}
