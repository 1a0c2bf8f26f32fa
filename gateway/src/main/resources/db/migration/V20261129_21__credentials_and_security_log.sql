-- Agents' provider API keys, sealed by the credential vault (AES-256-GCM). The plaintext is never stored;
-- `hint` keeps the last four characters so an owner can tell keys apart.
CREATE TABLE agent_credential (
    owner_id   VARCHAR(64)  NOT NULL REFERENCES user_account (user_id),
    name       VARCHAR(64)  NOT NULL,
    provider   VARCHAR(32)  NOT NULL,
    key_id     VARCHAR(100) NOT NULL,
    nonce      BYTEA        NOT NULL,
    ciphertext BYTEA        NOT NULL,
    hint       VARCHAR(8)   NOT NULL,
    stored_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (owner_id, name)
);

-- Security-relevant happenings for auditors: sign-ups, accounts created by admins, lockouts, revoked logins,
-- stored and deleted credentials. Append-only.
CREATE TABLE security_audit_log (
    entry_id    BIGSERIAL    PRIMARY KEY,
    occurred_at TIMESTAMPTZ  NOT NULL,
    action      VARCHAR(40)  NOT NULL,
    actor_id    VARCHAR(64),
    subject_id  VARCHAR(64),
    client_ip   VARCHAR(64),
    detail      TEXT
);
