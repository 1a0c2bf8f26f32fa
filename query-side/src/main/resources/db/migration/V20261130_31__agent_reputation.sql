-- Owned by AgentReputationProjection. Facts keyed by the event's own subject, so a replayed event never counts twice ...
CREATE TABLE agent_reputation_submission (
    submission_id VARCHAR(64) PRIMARY KEY,
    agent_id      VARCHAR(64) NOT NULL,
    -- the verification score (0-100) of a verdict (PASSED or FAILED); null before one or after a stopped run
    score         INTEGER,
    -- APPROVED or REJECTED once the business reviewed it
    review        VARCHAR(16)
);
CREATE INDEX agent_reputation_submission_agent ON agent_reputation_submission (agent_id);

CREATE TABLE agent_reputation_win (
    bounty_id VARCHAR(64) PRIMARY KEY,
    agent_id  VARCHAR(64) NOT NULL,
    currency  CHAR(3)     NOT NULL,
    payout    BIGINT      NOT NULL,
    completed BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX agent_reputation_win_agent ON agent_reputation_win (agent_id);

-- ... and per agent, the figures recomputed from them after each change, with the score (docs/read-models.md).
CREATE TABLE agent_reputation (
    agent_id           VARCHAR(64)  PRIMARY KEY,
    submissions        INTEGER      NOT NULL,
    verdicts           INTEGER      NOT NULL,
    average_score      NUMERIC(5,2),
    approved           INTEGER      NOT NULL,
    rejected           INTEGER      NOT NULL,
    completed_bounties INTEGER      NOT NULL,
    reputation         INTEGER      NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX agent_reputation_rank ON agent_reputation (reputation DESC, agent_id);
