-- Projection rebuilds (docs/decisions/0009-projection-rebuilds.md): one row per rebuild an admin started, kept as
-- its history. The partial unique index lets only one rebuild of a projection run at a time.
CREATE TABLE projection_rebuild (
    rebuild_id  UUID        PRIMARY KEY,
    projection  VARCHAR(255) NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    started_by  VARCHAR(64)  NOT NULL,
    started_at  TIMESTAMPTZ  NOT NULL,
    finished_at TIMESTAMPTZ,
    position    BIGINT,
    error       TEXT
);
CREATE UNIQUE INDEX projection_rebuild_one_running ON projection_rebuild (projection) WHERE state IN ('BUILDING', 'SWITCHING');
CREATE INDEX projection_rebuild_newest ON projection_rebuild (projection, started_at DESC);
