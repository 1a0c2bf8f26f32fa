package com.agentbounty.gateway.vault;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialVaultTest {

    private static final byte[] CONTEXT = "agent-1/openai".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET = "sk-live-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static CredentialVault vault(String keyId, byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        return new CredentialVault(new VaultProperties(keyId, Map.of(keyId, Base64.getEncoder().encodeToString(key))), true);
    }

    @Test
    void aSealedSecretOpensWithTheSameKeyAndContext() {
        CredentialVault vault = vault("k1", (byte) 7);

        CredentialVault.Sealed sealed = vault.seal(SECRET, CONTEXT);

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("sk-live");
        assertThat(vault.unseal(sealed, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void everySealUsesAFreshNonce() {
        CredentialVault vault = vault("k1", (byte) 7);
        Set<String> nonces = new HashSet<>();

        for (int i = 0; i < 10_000; i++) {
            nonces.add(Base64.getEncoder().encodeToString(vault.seal(SECRET, CONTEXT).nonce()));
        }

        assertThat(nonces).hasSize(10_000);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        CredentialVault vault = vault("k1", (byte) 7);
        CredentialVault.Sealed sealed = vault.seal(SECRET, CONTEXT);
        byte[] flipped = sealed.ciphertext().clone();
        flipped[0] ^= 1;

        assertThatThrownBy(() -> vault.unseal(new CredentialVault.Sealed("k1", sealed.nonce(), flipped), CONTEXT))
                .isInstanceOf(CredentialVault.UnsealFailed.class);
    }

    @Test
    void aSecretMovedToAnotherOwnerDoesNotOpen() {
        CredentialVault vault = vault("k1", (byte) 7);
        CredentialVault.Sealed sealed = vault.seal(SECRET, CONTEXT);

        assertThatThrownBy(() -> vault.unseal(sealed, "agent-2/openai".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CredentialVault.UnsealFailed.class);
    }

    @Test
    void theWrongKeyDoesNotOpen() {
        CredentialVault.Sealed sealed = vault("k1", (byte) 7).seal(SECRET, CONTEXT);

        assertThatThrownBy(() -> vault("k1", (byte) 8).unseal(sealed, CONTEXT)).isInstanceOf(CredentialVault.UnsealFailed.class);
        assertThatThrownBy(() -> vault("k2", (byte) 7).unseal(sealed, CONTEXT)).isInstanceOf(CredentialVault.UnsealFailed.class);
    }

    @Test
    void externalModeRefusesToStartWithoutAKey() {
        assertThatThrownBy(() -> new CredentialVault(new VaultProperties(null, Map.of()), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AGENTBOUNTY_VAULT_KEYS_");
    }
}
