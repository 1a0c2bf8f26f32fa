-- The money state of each bounty, owned by EscrowProjection.
CREATE TABLE escrow_view (
    escrow_id      VARCHAR(64)  PRIMARY KEY,
    bounty_id      VARCHAR(64)  NOT NULL UNIQUE,
    business_id    VARCHAR(64)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    strategy       VARCHAR(16)  NOT NULL,
    currency       CHAR(3)      NOT NULL,
    gross          BIGINT       NOT NULL,
    fee            BIGINT,
    payout         BIGINT,
    refunded       BIGINT,
    agent_id       VARCHAR(64),
    failure_reason VARCHAR(200),
    updated_at     TIMESTAMPTZ  NOT NULL
);
