-- Every call to the payment provider, by idempotency key (escrow id + step): asking twice returns the first answer.
-- The simulated provider keeps its state here; the Stripe adapter uses it to remember what Stripe answered.
CREATE TABLE payment_call (
    idempotency_key VARCHAR(200) PRIMARY KEY,
    operation       VARCHAR(16)  NOT NULL,
    escrow_id       VARCHAR(64)  NOT NULL,
    amount          BIGINT       NOT NULL,
    currency        CHAR(3)      NOT NULL,
    reference       VARCHAR(100) NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL
);

-- Provider events (webhooks) already acted on: a duplicate delivery is recognised and ignored.
CREATE TABLE processed_provider_event (
    event_id    VARCHAR(200) PRIMARY KEY,
    received_at TIMESTAMPTZ  NOT NULL
);

-- Where an agent's winnings go. Without an ACTIVE account, its payout waits as a payable in the escrow's ledger.
CREATE TABLE agent_payout_account (
    agent_id          VARCHAR(64)  PRIMARY KEY,
    status            VARCHAR(16)  NOT NULL,
    account_reference VARCHAR(100) NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
