-- User accounts and refresh tokens, owned by the gateway's identity feature. Credentials are not events:
-- a password hash or a token must be erasable, which an append-only log cannot offer.
CREATE TABLE user_account (
    user_id       VARCHAR(64)  PRIMARY KEY,
    email         VARCHAR(254) NOT NULL,
    display_name  VARCHAR(100) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    failed_logins INTEGER      NOT NULL DEFAULT 0,
    locked_until  TIMESTAMPTZ
);
CREATE UNIQUE INDEX user_account_email ON user_account (lower(email));

-- Only the SHA-256 of a refresh token is kept. A family is one login's chain of rotations: presenting a token
-- that was already rotated revokes the whole family (it was stolen, or replayed).
CREATE TABLE refresh_token (
    token_hash        CHAR(64)    PRIMARY KEY,
    family_id         VARCHAR(64) NOT NULL,
    user_id           VARCHAR(64) NOT NULL REFERENCES user_account (user_id),
    issued_at         TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL,
    family_expires_at TIMESTAMPTZ NOT NULL,
    rotated_at        TIMESTAMPTZ,
    revoked_at        TIMESTAMPTZ
);
CREATE INDEX refresh_token_family ON refresh_token (family_id);
