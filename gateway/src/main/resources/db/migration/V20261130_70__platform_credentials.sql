-- The platform's own provider API keys (the AI review's providers), sealed by the credential vault (AES-256-GCM)
-- and referred to from configuration as vault:<name>. The plaintext is never stored; `hint` keeps the last four
-- characters so an admin can tell keys apart.
CREATE TABLE platform_credential (
    name       VARCHAR(64)  PRIMARY KEY,
    provider   VARCHAR(32)  NOT NULL,
    key_id     VARCHAR(100) NOT NULL,
    nonce      BYTEA        NOT NULL,
    ciphertext BYTEA        NOT NULL,
    hint       VARCHAR(8)   NOT NULL,
    stored_at  TIMESTAMPTZ  NOT NULL
);
