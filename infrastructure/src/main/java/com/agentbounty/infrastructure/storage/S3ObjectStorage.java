package com.agentbounty.infrastructure.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link ObjectStorage} on any S3-compatible service through the AWS SDK v2: AWS S3 itself, Cloudflare R2, MinIO, or
 * the in-process server of mode {@code test}.
 *
 * <p>Requests use path-style addressing ({@code https://endpoint/bucket/key}) whenever an endpoint is given, because
 * virtual-host style ({@code https://bucket.endpoint/key}) needs a DNS name per bucket, which R2's account endpoints,
 * MinIO and local servers do not have. Presigned URLs are SigV4 query-signed GETs made locally by {@link S3Presigner}:
 * the service checks signature and expiry when the URL is used.
 *
 * <p>Checksums are sent only where an operation requires them (see {@link #connect}): over plain http the SDK still
 * signs the payload's SHA-256 ({@code x-amz-content-sha256}), over https TLS protects it.
 */
public final class S3ObjectStorage implements ObjectStorage, AutoCloseable {

    /** Where and as whom to connect. {@code endpoint} is null for AWS S3 itself (the SDK then derives it from the region). */
    public record Settings(URI endpoint, String region, String bucket, String accessKeyId, String secretAccessKey) {
    }

    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;
    private final long maxObjectSize;

    public S3ObjectStorage(S3Client client, S3Presigner presigner, String bucket, long maxObjectSize) {
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
        this.maxObjectSize = maxObjectSize;
    }

    public static S3ObjectStorage connect(Settings settings, long maxObjectSize) {
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        var pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        var region = Region.of(settings.region());
        var client = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                // Since SDK 2.30 every upload carries a CRC trailer in aws-chunked encoding and every download asks
                // for checksum mode; S3-compatible services may reject either (S3Proxy answers 400 and 501).
                // Checksums only where the operation requires them, as before 2.30.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // The JDK's HttpURLConnection: no Apache HttpClient on the application's class path (see the pom).
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        var presigner = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle);
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
            presigner.endpointOverride(settings.endpoint());
        }
        return new S3ObjectStorage(client.build(), presigner.build(), settings.bucket(), maxObjectSize);
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        ObjectKeys.requireValid(key);
        ObjectKeys.requireWithinLimit(content.length, maxObjectSize);
        client.putObject(request -> request.bucket(bucket).key(key).contentType(contentType).contentLength((long) content.length),
                RequestBody.fromBytes(content));
    }

    @Override
    public Optional<StoredObject> get(String key) {
        ObjectKeys.requireValid(key);
        try {
            var response = client.getObjectAsBytes(request -> request.bucket(bucket).key(key));
            return Optional.of(new StoredObject(response.asByteArray(), response.response().contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String key) {
        ObjectKeys.requireValid(key);
        try {
            client.headObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // HEAD has no body, so a missing key arrives as a bare 404 rather than NoSuchKey.
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        ObjectKeys.requireValid(key);
        client.deleteObject(request -> request.bucket(bucket).key(key));
    }

    @Override
    public URI presignedGetUrl(String key, Duration validFor) {
        ObjectKeys.requireValid(key);
        var presigned = presigner.presignGetObject(request -> request
                .signatureDuration(validFor)
                .getObjectRequest(get -> get.bucket(bucket).key(key)));
        try {
            return presigned.url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("The SDK made a URL that is not a URI: " + presigned.url(), e);
        }
    }

    @Override
    public long maxObjectSize() {
        return maxObjectSize;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
