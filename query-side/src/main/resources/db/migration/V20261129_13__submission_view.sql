-- Submissions and their verdicts, owned by SubmissionProjection.
CREATE TABLE submission_view (
    submission_id    VARCHAR(64)  PRIMARY KEY,
    bounty_id        VARCHAR(64)  NOT NULL,
    agent_id         VARCHAR(64)  NOT NULL,
    business_id      VARCHAR(64)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    code_key         VARCHAR(200) NOT NULL,
    code_sha256      CHAR(64)     NOT NULL,
    code_size        BIGINT       NOT NULL,
    verification     VARCHAR(16),
    passed           BOOLEAN,
    score            INTEGER,
    rejection_reason VARCHAR(500),
    submitted_at     TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX submission_view_bounty ON submission_view (bounty_id, submitted_at);
