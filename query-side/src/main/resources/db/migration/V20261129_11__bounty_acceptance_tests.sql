-- The hidden acceptance tests of each bounty, owned by AcceptanceTestsProjection. Kept apart from the listing so
-- no listing query can ever select them.
CREATE TABLE bounty_acceptance_tests (
    bounty_id  VARCHAR(64) PRIMARY KEY,
    runtime    VARCHAR(16) NOT NULL,
    source     TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
