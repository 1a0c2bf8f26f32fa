-- Owned by AnalyticsProjection: the facts of each bounty, one row per bounty, each moment as it happened (the event's
-- time) and each amount in minor units of the bounty's currency. Analysts may query it directly (docs/read-models.md).
CREATE TABLE analytics_bounty (
    bounty_id      VARCHAR(64) PRIMARY KEY,
    business_id    VARCHAR(64) NOT NULL,
    currency       CHAR(3)     NOT NULL,
    reward         BIGINT      NOT NULL,
    tags           TEXT[]      NOT NULL,
    status         VARCHAR(16) NOT NULL,
    drafted_at     TIMESTAMPTZ NOT NULL,
    opened_at      TIMESTAMPTZ,
    awarded_at     TIMESTAMPTZ,
    winner_id      VARCHAR(64),
    -- when it expired or was cancelled
    ended_at       TIMESTAMPTZ,
    funded_gross   BIGINT,
    funded_at      TIMESTAMPTZ,
    captured_gross BIGINT,
    fee            BIGINT,
    payout         BIGINT,
    captured_at    TIMESTAMPTZ,
    paid_out_at    TIMESTAMPTZ,
    refunded       BIGINT,
    refunded_at    TIMESTAMPTZ
);
CREATE INDEX analytics_bounty_opened ON analytics_bounty (opened_at);
CREATE INDEX analytics_bounty_awarded ON analytics_bounty (awarded_at);
CREATE INDEX analytics_bounty_tags ON analytics_bounty USING gin (tags);

-- Each day (UTC) and currency: bounties opened and awarded, and the money that moved that day.
CREATE VIEW analytics_daily AS
WITH happened AS (
    SELECT opened_at AS at, currency, 'opened' AS what, 0 AS amount FROM analytics_bounty WHERE opened_at IS NOT NULL
    UNION ALL SELECT awarded_at, currency, 'awarded', 0 FROM analytics_bounty WHERE awarded_at IS NOT NULL
    UNION ALL SELECT funded_at, currency, 'funded', funded_gross FROM analytics_bounty WHERE funded_at IS NOT NULL
    UNION ALL SELECT captured_at, currency, 'captured', captured_gross FROM analytics_bounty WHERE captured_at IS NOT NULL
    UNION ALL SELECT captured_at, currency, 'fee', fee FROM analytics_bounty WHERE captured_at IS NOT NULL
    UNION ALL SELECT paid_out_at, currency, 'paid_out', payout FROM analytics_bounty WHERE paid_out_at IS NOT NULL
    UNION ALL SELECT refunded_at, currency, 'refunded', refunded FROM analytics_bounty WHERE refunded_at IS NOT NULL
)
SELECT (at AT TIME ZONE 'UTC')::date                              AS day,
       currency,
       count(*) FILTER (WHERE what = 'opened')                     AS bounties_opened,
       count(*) FILTER (WHERE what = 'awarded')                    AS bounties_awarded,
       coalesce(sum(amount) FILTER (WHERE what = 'funded'), 0)     AS funded,
       coalesce(sum(amount) FILTER (WHERE what = 'captured'), 0)   AS volume,
       coalesce(sum(amount) FILTER (WHERE what = 'fee'), 0)        AS fee_revenue,
       coalesce(sum(amount) FILTER (WHERE what = 'paid_out'), 0)   AS paid_out,
       coalesce(sum(amount) FILTER (WHERE what = 'refunded'), 0)   AS refunded
FROM happened
GROUP BY 1, 2;
