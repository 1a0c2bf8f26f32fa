package com.agentbounty.infrastructure.embedded;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An S3-compatible server inside this JVM for mode {@code test}: S3Proxy over jclouds' in-memory ("transient") blob
 * store, on a free port of 127.0.0.1, with one bucket and one random access key. It checks SigV4 signatures, including
 * the expiry of presigned URLs, like the real service does, which is why it was chosen over S3Mock (that one ignores
 * every presigned parameter); see docs/decisions/0007-object-storage.md.
 *
 * <p>It needs {@code org.gaul:s3proxy} on the class path, which only test class paths have.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String BUCKET = "agentbounty-test";

    private final S3Proxy proxy;
    private final BlobStoreContext blobStore;
    private final String accessKeyId;
    private final String secretAccessKey;

    private EmbeddedS3Server(S3Proxy proxy, BlobStoreContext blobStore, String accessKeyId, String secretAccessKey) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    public static boolean isAvailable() {
        try {
            Class.forName("org.gaul.s3proxy.S3Proxy", false, EmbeddedS3Server.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static EmbeddedS3Server start() {
        String accessKeyId = "test-" + randomHex(8);
        String secretAccessKey = randomHex(20);
        BlobStoreContext blobStore = ContextBuilder.newBuilder("transient")
                .credentials(accessKeyId, secretAccessKey)
                .build(BlobStoreContext.class);
        blobStore.getBlobStore().createContainerInLocation(null, BUCKET);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The embedded S3 server did not start within 10 s: " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            blobStore.close();
            throw new IllegalStateException("The embedded S3 server did not start", e);
        }
        return new EmbeddedS3Server(proxy, blobStore, accessKeyId, secretAccessKey);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    @Override
    public String toString() {
        return "embedded S3 (S3Proxy, in memory) at " + endpoint() + ", bucket " + BUCKET;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The embedded S3 server did not stop", e);
        } finally {
            blobStore.close();
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
