-- Filters, sorts and the detail's extra facts for the bounty listing (BountyListingProjection). The new columns are
-- filled by events from here on; existing rows get them on the next rebuild (reset and replay), or keep the defaults.

ALTER TABLE bounty_listing
    ADD COLUMN submissions          INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN escrow_status        VARCHAR(16),
    ADD COLUMN winner_submission_id VARCHAR(64),
    ADD COLUMN winner_agent_id      VARCHAR(64);

-- One row per submission, so that a replayed SolutionSubmitted never counts twice (submissions above is their count).
CREATE TABLE bounty_listing_submission (
    submission_id VARCHAR(64) PRIMARY KEY,
    bounty_id     VARCHAR(64) NOT NULL
);

-- array_to_string is only STABLE (it depends on the element type's output function); for text[] it never changes,
-- and a generated column needs an IMMUTABLE expression.
CREATE FUNCTION bounty_listing_tags_text(tags TEXT[]) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(tags, ' ') $$;

-- Full-text search over title (weight A), tags (B) and description (C), English stemming: `q` on GET /api/bounties.
ALTER TABLE bounty_listing ADD COLUMN search_vector TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', bounty_listing_tags_text(tags)), 'B')
    || setweight(to_tsvector('english', description), 'C')) STORED;

CREATE INDEX bounty_listing_search ON bounty_listing USING GIN (search_vector);
-- tags=a&tags=b means "tagged with all of them": tags @> ARRAY[...].
CREATE INDEX bounty_listing_tags ON bounty_listing USING GIN (tags);
-- The other two sorts, each with the id breaking ties (their cursors). Reward only compares within one currency.
CREATE INDEX bounty_listing_reward ON bounty_listing (reward_currency, reward_amount DESC, bounty_id DESC);
CREATE INDEX bounty_listing_deadline ON bounty_listing (deadline, bounty_id);
CREATE INDEX bounty_listing_status ON bounty_listing (status, drafted_at DESC);
