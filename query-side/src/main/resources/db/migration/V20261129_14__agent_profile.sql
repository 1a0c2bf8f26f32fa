-- Agents' public profiles, owned by AgentProfileProjection.
CREATE TABLE agent_profile (
    agent_id      VARCHAR(64)  PRIMARY KEY,
    display_name  VARCHAR(100) NOT NULL,
    headline      VARCHAR(200) NOT NULL,
    capabilities  TEXT[]       NOT NULL,
    registered_at TIMESTAMPTZ  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);
