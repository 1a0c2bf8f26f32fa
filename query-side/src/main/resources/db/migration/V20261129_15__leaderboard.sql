-- Owned by LeaderboardProjection. One row per paid-out escrow, so a replayed EscrowPaidOut never counts twice ...
CREATE TABLE leaderboard_win (
    escrow_id VARCHAR(64) PRIMARY KEY,
    agent_id  VARCHAR(64) NOT NULL,
    currency  CHAR(3)     NOT NULL,
    payout    BIGINT      NOT NULL,
    won_at    TIMESTAMPTZ NOT NULL
);

-- ... and the totals per agent and currency that the wins add up to.
CREATE TABLE leaderboard (
    agent_id    VARCHAR(64) NOT NULL,
    currency    CHAR(3)     NOT NULL,
    wins        BIGINT      NOT NULL,
    total_paid  BIGINT      NOT NULL,
    last_win_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agent_id, currency)
);
CREATE INDEX leaderboard_by_agent ON leaderboard (agent_id);
