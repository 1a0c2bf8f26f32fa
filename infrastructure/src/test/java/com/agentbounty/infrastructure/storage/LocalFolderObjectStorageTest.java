package com.agentbounty.infrastructure.storage;

import com.agentbounty.infrastructure.storage.LocalFolderObjectStorage.SignedUrlCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalFolderObjectStorageTest {

    private static final byte[] SIGNING_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path data;

    private Path root;
    private MutableClock clock;
    private LocalFolderObjectStorage storage;

    @BeforeEach
    void createStorage() {
        root = data.resolve("artifacts");
        clock = new MutableClock(NOW);
        storage = new LocalFolderObjectStorage(root, SIGNING_KEY, "http://localhost:8080", 1024, clock);
    }

    @Test
    void storedBytesComeBackWithTheirContentTypeFromAFileUnderTheFolder() throws Exception {
        byte[] code = "export default () => 42;".getBytes(StandardCharsets.UTF_8);

        storage.put("submissions/s-1/solution.js", code, "text/javascript");

        var stored = storage.get("submissions/s-1/solution.js").orElseThrow();
        assertThat(stored.content()).isEqualTo(code);
        assertThat(stored.contentType()).isEqualTo("text/javascript");
        assertThat(Files.readAllBytes(root.resolve("submissions/s-1/solution.js"))).isEqualTo(code);
        assertThat(storage.exists("submissions/s-1/solution.js")).isTrue();
    }

    @Test
    void aMissingKeyIsEmptyAndADeletedObjectIsGone() {
        assertThat(storage.get("not/there")).isEmpty();
        storage.put("to/delete", new byte[]{1}, "application/octet-stream");

        storage.delete("to/delete");

        assertThat(storage.exists("to/delete")).isFalse();
        assertThat(storage.get("to/delete")).isEmpty();
    }

    @Test
    void equalContentIsStoredOnceUnderItsHash() {
        String key = storage.putContentAddressed("artifacts", "a".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(key).isEqualTo("artifacts/ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
        assertThat(storage.putContentAddressed("artifacts", "a".getBytes(StandardCharsets.UTF_8), "text/plain")).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/../../escape", "a/..", "/etc/passwd", "a//b", "a/", "a\\..\\b", "..",
            ".hidden", "a/.content-type", "%2e%2e/escape", "a b", "a/\u0000b", ""})
    void aKeyThatCouldLeaveTheFolderOrHideAFileIsRefused(String key) {
        assertThatThrownBy(() -> storage.put(key, new byte[]{1}, "text/plain")).isInstanceOf(InvalidObjectKeyException.class);
        assertThatThrownBy(() -> storage.get(key)).isInstanceOf(InvalidObjectKeyException.class);
        assertThatThrownBy(() -> storage.exists(key)).isInstanceOf(InvalidObjectKeyException.class);
        assertThatThrownBy(() -> storage.delete(key)).isInstanceOf(InvalidObjectKeyException.class);
        assertThat(data.resolve("escape")).doesNotExist();
    }

    @Test
    void anObjectAboveTheMaximumIsRefusedAndNothingIsWritten() throws Exception {
        assertThatThrownBy(() -> storage.put("too/big", new byte[1025], "application/octet-stream"))
                .isInstanceOf(ObjectTooLargeException.class)
                .hasMessage("Object of 1025 bytes refused: the maximum is 1024 bytes");
        assertThatThrownBy(() -> storage.putContentAddressed("artifacts", new byte[1025], "application/octet-stream"))
                .isInstanceOf(ObjectTooLargeException.class);

        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aSignedUrlPointsAtTheGatewayRouteAndVerifiesUntilItExpires() {
        storage.put("submissions/s-1/solution.js", new byte[]{1}, "text/javascript");

        URI url = storage.presignedGetUrl("submissions/s-1/solution.js", Duration.ofMinutes(10));

        assertThat(url.toString()).startsWith("http://localhost:8080/api/artifacts/submissions/s-1/solution.js?expires="
                + NOW.plus(Duration.ofMinutes(10)).getEpochSecond() + "&signature=");
        assertThat(storage.verifySignedUrl(url)).isEqualTo(SignedUrlCheck.VALID);

        clock.set(NOW.plus(Duration.ofMinutes(10)).minusSeconds(1));
        assertThat(storage.verifySignedUrl(url)).isEqualTo(SignedUrlCheck.VALID);

        clock.set(NOW.plus(Duration.ofMinutes(10)));
        assertThat(storage.verifySignedUrl(url)).isEqualTo(SignedUrlCheck.EXPIRED);
    }

    @Test
    void aSignedUrlWithAnyPartChangedIsInvalid() {
        URI url = storage.presignedGetUrl("submissions/s-1/solution.js", Duration.ofMinutes(10));
        String text = url.toString();
        long expires = NOW.plus(Duration.ofMinutes(10)).getEpochSecond();
        String signature = text.substring(text.indexOf("signature=") + "signature=".length());
        char last = signature.charAt(signature.length() - 1);
        String otherSignature = signature.substring(0, signature.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(storage.verifySignedUrl(URI.create(text.replace("s-1", "s-2")))).isEqualTo(SignedUrlCheck.INVALID);
        assertThat(storage.verifySignedUrl(URI.create(text.replace("expires=" + expires, "expires=" + (expires + 3600)))))
                .isEqualTo(SignedUrlCheck.INVALID);
        assertThat(storage.verifySignedUrl(URI.create(text.replace(signature, otherSignature)))).isEqualTo(SignedUrlCheck.INVALID);
        assertThat(storage.verifySignedUrl("submissions/s-1/solution.js", String.valueOf(expires), null)).isEqualTo(SignedUrlCheck.INVALID);
        assertThat(storage.verifySignedUrl("../solution.js", String.valueOf(expires), signature)).isEqualTo(SignedUrlCheck.INVALID);
        assertThat(storage.verifySignedUrl("submissions/s-1/solution.js", "soon", signature)).isEqualTo(SignedUrlCheck.INVALID);
        assertThat(storage.verifySignedUrl("submissions/s-1/solution.js", String.valueOf(expires), signature))
                .isEqualTo(SignedUrlCheck.VALID);
    }

    @Test
    void aSignedUrlFromAnotherKeyIsInvalid() {
        byte[] otherKey = Arrays.copyOf(SIGNING_KEY, 32);
        otherKey[0] ^= 1;
        var other = new LocalFolderObjectStorage(root, otherKey, "http://localhost:8080", 1024, clock);

        URI url = other.presignedGetUrl("submissions/s-1/solution.js", Duration.ofMinutes(10));

        assertThat(storage.verifySignedUrl(url)).isEqualTo(SignedUrlCheck.INVALID);
    }

    @Test
    void aShortSigningKeyIsRefused() {
        assertThatThrownBy(() -> new LocalFolderObjectStorage(root, new byte[16], "http://localhost:8080", 1024, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
