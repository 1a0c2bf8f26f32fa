-- What became of each provider event: acted on, or recorded without effect because it names an escrow (or connected
-- account) that is not ours, e.g. another environment sharing the Stripe account. Recorded either way, so the
-- provider stops delivering it and an operator can find it.
ALTER TABLE processed_provider_event
    ADD COLUMN outcome VARCHAR(32)  NOT NULL DEFAULT 'ACTED',
    ADD COLUMN subject VARCHAR(100);
CREATE UNIQUE INDEX agent_payout_account_by_reference ON agent_payout_account (account_reference);
