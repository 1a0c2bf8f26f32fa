package com.agentbounty.infrastructure.storage;

import com.agentbounty.infrastructure.embedded.EmbeddedS3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 adapter against the in-process S3-compatible server of mode test (S3Proxy), which checks SigV4 like S3. */
class S3ObjectStorageTest {

    private static final long MAX = 1024;

    private static EmbeddedS3Server server;
    private static S3ObjectStorage storage;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3Server.start();
        storage = S3ObjectStorage.connect(new S3ObjectStorage.Settings(server.endpoint(), EmbeddedS3Server.REGION,
                EmbeddedS3Server.BUCKET, server.accessKeyId(), server.secretAccessKey()), MAX);
    }

    @AfterAll
    static void stopServer() {
        storage.close();
        server.close();
    }

    @Test
    void storedBytesComeBackWithTheirContentType() {
        byte[] code = "export default () => 42;".getBytes(StandardCharsets.UTF_8);

        storage.put("roundtrip/solution.js", code, "text/javascript");

        var stored = storage.get("roundtrip/solution.js").orElseThrow();
        assertThat(stored.content()).isEqualTo(code);
        assertThat(stored.contentType()).isEqualTo("text/javascript");
        assertThat(storage.exists("roundtrip/solution.js")).isTrue();
    }

    @Test
    void equalContentGetsOneKeyAndDifferentContentAnother() {
        byte[] first = "a".getBytes(StandardCharsets.UTF_8);
        byte[] second = "b".getBytes(StandardCharsets.UTF_8);

        String key = storage.putContentAddressed("artifacts", first, "text/plain");
        String again = storage.putContentAddressed("artifacts", first.clone(), "text/plain");
        String other = storage.putContentAddressed("artifacts", second, "text/plain");

        // sha-256("a")
        assertThat(key).isEqualTo("artifacts/ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
        assertThat(again).isEqualTo(key);
        assertThat(other).isNotEqualTo(key);
        assertThat(storage.get(key).orElseThrow().content()).isEqualTo(first);
        assertThat(storage.get(other).orElseThrow().content()).isEqualTo(second);
    }

    @Test
    void aMissingKeyIsEmptyNotAnError() {
        assertThat(storage.get("nothing/here")).isEmpty();
        assertThat(storage.exists("nothing/here")).isFalse();
    }

    @Test
    void aDeletedObjectIsGone() {
        storage.put("deleted/object", new byte[]{1, 2, 3}, "application/octet-stream");

        storage.delete("deleted/object");

        assertThat(storage.exists("deleted/object")).isFalse();
        assertThat(storage.get("deleted/object")).isEmpty();
    }

    @Test
    void anObjectAboveTheMaximumIsRefusedAndNotStored() {
        assertThatThrownBy(() -> storage.put("too/big", new byte[(int) MAX + 1], "application/octet-stream"))
                .isInstanceOf(ObjectTooLargeException.class)
                .hasMessageContaining("1025 bytes")
                .hasMessageContaining("maximum is 1024");
        assertThat(storage.exists("too/big")).isFalse();

        storage.put("just/fits", new byte[(int) MAX], "application/octet-stream");
        assertThat(storage.exists("just/fits")).isTrue();
    }

    @Test
    void aPresignedUrlDownloadsTheBytesWithoutCredentials() throws Exception {
        byte[] code = "print('hello')".getBytes(StandardCharsets.UTF_8);
        storage.put("presigned/ok.py", code, "text/x-python");

        URI url = storage.presignedGetUrl("presigned/ok.py", Duration.ofMinutes(5));

        assertThat(url.getPath()).as("path-style: bucket in the path").startsWith("/" + EmbeddedS3Server.BUCKET + "/");
        var response = download(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(code);
    }

    @Test
    void aTamperedPresignedUrlIsRefused() throws Exception {
        storage.put("presigned/mine", "mine".getBytes(StandardCharsets.UTF_8), "text/plain");
        storage.put("presigned/theirs", "theirs".getBytes(StandardCharsets.UTF_8), "text/plain");
        String url = storage.presignedGetUrl("presigned/mine", Duration.ofMinutes(5)).toString();

        var otherObject = download(URI.create(url.replace("presigned/mine", "presigned/theirs")));
        var longerLife = download(URI.create(url.replace("X-Amz-Expires=300", "X-Amz-Expires=600")));

        assertThat(otherObject.statusCode()).isEqualTo(403);
        assertThat(longerLife.statusCode()).isEqualTo(403);
        assertThat(download(URI.create(url)).statusCode()).as("the untouched URL still works").isEqualTo(200);
    }

    @Test
    void aPresignedUrlStopsWorkingAfterItsExpiry() throws Exception {
        storage.put("presigned/short", "short".getBytes(StandardCharsets.UTF_8), "text/plain");
        // SigV4 dates have whole seconds: the URL dies at the signing second + 2 s, at least 1 s from now.
        long signedAtSecond = System.currentTimeMillis() / 1000;
        URI url = storage.presignedGetUrl("presigned/short", Duration.ofSeconds(2));
        assertThat(download(url).statusCode()).isEqualTo(200);

        Thread.sleep(Math.max(0, (signedAtSecond + 2) * 1000 + 100 - System.currentTimeMillis()));

        assertThat(download(url).statusCode()).isEqualTo(403);
    }

    private static HttpResponse<byte[]> download(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
