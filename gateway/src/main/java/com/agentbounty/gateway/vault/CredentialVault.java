package com.agentbounty.gateway.vault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * AES-256-GCM encryption of stored secrets. Every seal draws a fresh random 96-bit nonce (never reused under one
 * key) and binds the ciphertext to {@code context} (who owns it and under which name) as associated data, so a
 * sealed value copied to another owner or name does not open. Keys are never logged.
 */
public class CredentialVault {

    private static final Logger log = LoggerFactory.getLogger(CredentialVault.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    /** A sealed secret: which key, the nonce, and ciphertext with its authentication tag. */
    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    /** The value was tampered with, sealed for another context, or sealed with a key this vault does not hold. */
    public static class UnsealFailed extends RuntimeException {
        UnsealFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public CredentialVault(VaultProperties properties, boolean externalMode) {
        Map<String, SecretKey> loaded = new HashMap<>();
        if (properties.keys() == null || properties.keys().isEmpty()) {
            if (externalMode) {
                throw new IllegalStateException("Mode external needs a vault key: set AGENTBOUNTY_VAULT_KEYS_<ID> (base64, 32 bytes) "
                        + "and AGENTBOUNTY_VAULT_ACTIVE_KEY_ID");
            }
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(key);
            String keyId = "ephemeral-" + UUID.randomUUID();
            loaded.put(keyId, new SecretKeySpec(key, "AES"));
            log.warn("No vault key configured: using a random key for this process; stored credentials cannot be read after a restart");
            this.activeKeyId = keyId;
        } else {
            properties.keys().forEach((keyId, base64) -> {
                byte[] key = Base64.getDecoder().decode(base64);
                if (key.length != KEY_BYTES) {
                    throw new IllegalStateException("Vault key " + keyId + " must be 32 bytes (AES-256)");
                }
                loaded.put(keyId, new SecretKeySpec(key, "AES"));
            });
            if (!loaded.containsKey(properties.activeKeyId())) {
                throw new IllegalStateException("The active vault key id '" + properties.activeKeyId() + "' is not among the configured keys");
            }
            this.activeKeyId = properties.activeKeyId();
        }
        this.keys = Map.copyOf(loaded);
    }

    public Sealed seal(byte[] secret, byte[] context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context);
            return new Sealed(activeKeyId, nonce, cipher.doFinal(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }

    public byte[] unseal(Sealed sealed, byte[] context) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new UnsealFailed("Sealed with key " + sealed.keyId() + ", which this vault does not hold", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(context);
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException tampered) {
            throw new UnsealFailed("The sealed value does not authenticate: tampered with, or sealed for another owner", tampered);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }
}
