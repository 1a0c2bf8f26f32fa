-- Owned by BusinessDashboardProjection: one row per bounty with what its business sees of it on the dashboard. The
-- dashboard sums these rows per business and currency; amounts are minor units of the row's currency.
CREATE TABLE business_dashboard_bounty (
    bounty_id     VARCHAR(64) PRIMARY KEY,
    business_id   VARCHAR(64) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    currency      CHAR(3)     NOT NULL,
    -- the escrow's status once funding was asked for (REQUESTED, HELD, CAPTURED, PAID_OUT, REFUNDED, FAILED)
    escrow_status VARCHAR(16),
    gross         BIGINT,
    fee           BIGINT,
    refunded      BIGINT,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX business_dashboard_bounty_business ON business_dashboard_bounty (business_id);
