-- Read model of the bounty listing and detail, owned by BountyListingProjection. Rebuildable from events at any time.
CREATE TABLE bounty_listing (
    bounty_id       VARCHAR(64)   PRIMARY KEY,
    business_id     VARCHAR(64)   NOT NULL,
    title           VARCHAR(200)  NOT NULL,
    description     TEXT          NOT NULL,
    reward_amount   BIGINT        NOT NULL,
    reward_currency CHAR(3)       NOT NULL,
    deadline        TIMESTAMPTZ   NOT NULL,
    tags            TEXT[]        NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    claimants       INTEGER       NOT NULL DEFAULT 0,
    drafted_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL
);

-- Newest first, with the id breaking ties, is the listing's order and its cursor.
CREATE INDEX bounty_listing_newest ON bounty_listing (drafted_at DESC, bounty_id DESC);
-- A business's own bounties, drafts included.
CREATE INDEX bounty_listing_business ON bounty_listing (business_id, drafted_at DESC);
