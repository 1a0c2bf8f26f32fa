package com.agentbounty.infrastructure.storage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * {@link ObjectStorage} in a folder of this machine, for mode {@code local}: the object under key {@code a/b} is the file
 * {@code <root>/a/b}, its content type the file {@code <root>/.content-type/a/b} (no key can name that folder, since no
 * key segment starts with a dot).
 *
 * <p><b>Signed URLs.</b> There is no storage service to check a presigned URL, so the application does it:
 * {@link #presignedGetUrl} answers {@code <base-url>/api/artifacts/<key>?expires=<epoch seconds>&signature=<s>} where
 * {@code s} is the unpadded base64url HMAC-SHA256, under a secret signing key, of {@code "GET\n" + key + "\n" + expires}.
 * The route that serves such URLs passes the key and the two query parameters to {@link #verifySignedUrl} and serves
 * {@link #get} only on {@link SignedUrlCheck#VALID}. Changing the key, the expiry or the signature makes the URL invalid;
 * after its expiry it is {@link SignedUrlCheck#EXPIRED}. The key never leaves the process; with a key generated at start
 * (no {@code agentbounty.storage.local.signing-key}), URLs die with the process.
 */
public final class LocalFolderObjectStorage implements ObjectStorage {

    /** The path under the base URL at which the gateway serves signed URLs. */
    public static final String SIGNED_URL_PATH = "/api/artifacts/";

    private static final String CONTENT_TYPES = ".content-type";
    private static final String HMAC = "HmacSHA256";

    /** The verdict on a signed URL. */
    public enum SignedUrlCheck { VALID, EXPIRED, INVALID }

    private final Path root;
    private final SecretKeySpec signingKey;
    private final String baseUrl;
    private final long maxObjectSize;
    private final Clock clock;

    /**
     * @param root          the folder that holds the objects; created if absent
     * @param signingKey    at least 32 secret bytes for the URL signatures
     * @param baseUrl       where the gateway is reached, e.g. {@code http://localhost:8080}
     */
    public LocalFolderObjectStorage(Path root, byte[] signingKey, String baseUrl, long maxObjectSize, Clock clock) {
        if (signingKey.length < 32) {
            throw new IllegalArgumentException("The signing key of signed URLs needs at least 32 bytes, not " + signingKey.length);
        }
        try {
            this.root = Files.createDirectories(root.toAbsolutePath().normalize()).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the object folder " + root, e);
        }
        this.signingKey = new SecretKeySpec(signingKey.clone(), HMAC);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.maxObjectSize = maxObjectSize;
        this.clock = clock;
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        ObjectKeys.requireWithinLimit(content.length, maxObjectSize);
        Path file = fileOf(key);
        writeAtomically(file, content);
        writeAtomically(contentTypeFileOf(key), contentType.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Path file = fileOf(key);
        try {
            byte[] content = Files.readAllBytes(file);
            Path typeFile = contentTypeFileOf(key);
            String contentType = Files.exists(typeFile)
                    ? Files.readString(typeFile, StandardCharsets.UTF_8)
                    : "application/octet-stream";
            return Optional.of(new StoredObject(content, contentType));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read object " + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(fileOf(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(fileOf(key));
            Files.deleteIfExists(contentTypeFileOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete object " + key, e);
        }
    }

    @Override
    public URI presignedGetUrl(String key, Duration validFor) {
        ObjectKeys.requireValid(key);
        long expires = clock.instant().plus(validFor).getEpochSecond();
        return URI.create(baseUrl + SIGNED_URL_PATH + key + "?expires=" + expires + "&signature=" + sign(key, expires));
    }

    /**
     * Checks a signed URL's parts as the serving route received them (the path after {@link #SIGNED_URL_PATH} and the
     * query parameters {@code expires} and {@code signature}). Any part missing, malformed or altered gives
     * {@link SignedUrlCheck#INVALID}; the signature is compared in constant time.
     */
    public SignedUrlCheck verifySignedUrl(String key, String expires, String signature) {
        if (key == null || expires == null || signature == null) {
            return SignedUrlCheck.INVALID;
        }
        long expiresAt;
        try {
            ObjectKeys.requireValid(key);
            expiresAt = Long.parseLong(expires);
        } catch (IllegalArgumentException e) {
            return SignedUrlCheck.INVALID;
        }
        byte[] expected = sign(key, expiresAt).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return SignedUrlCheck.INVALID;
        }
        return clock.instant().getEpochSecond() < expiresAt ? SignedUrlCheck.VALID : SignedUrlCheck.EXPIRED;
    }

    /** {@link #verifySignedUrl(String, String, String)} on a whole URL as {@link #presignedGetUrl} made it. */
    public SignedUrlCheck verifySignedUrl(URI url) {
        String path = url.getRawPath();
        if (path == null || !path.startsWith(SIGNED_URL_PATH) || url.getRawQuery() == null) {
            return SignedUrlCheck.INVALID;
        }
        String expires = null;
        String signature = null;
        for (String parameter : url.getRawQuery().split("&")) {
            if (parameter.startsWith("expires=")) {
                expires = parameter.substring("expires=".length());
            } else if (parameter.startsWith("signature=")) {
                signature = parameter.substring("signature=".length());
            }
        }
        return verifySignedUrl(path.substring(SIGNED_URL_PATH.length()), expires, signature);
    }

    @Override
    public long maxObjectSize() {
        return maxObjectSize;
    }

    public Path root() {
        return root;
    }

    private String sign(String key, long expires) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(signingKey);
            byte[] signature = mac.doFinal(("GET\n" + key + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JVM has " + HMAC, e);
        }
    }

    private Path fileOf(String key) {
        return inside(root, key);
    }

    private Path contentTypeFileOf(String key) {
        return inside(root.resolve(CONTENT_TYPES), key);
    }

    /** The key's rule already excludes traversal; the resolved path is checked again so that no later change opens it. */
    private static Path inside(Path folder, String key) {
        ObjectKeys.requireValid(key);
        Path file = folder.resolve(key).normalize();
        if (!file.startsWith(folder)) {
            throw new InvalidObjectKeyException(key, "it leads outside the storage folder");
        }
        return file;
    }

    private static void writeAtomically(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".upload-", ".tmp");
            try {
                Files.write(temporary, content);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
