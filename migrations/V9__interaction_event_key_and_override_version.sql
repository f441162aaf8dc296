-- Replies were tied to interactions by the 8-hex correlation id (no index, not unique): a scan per answer, and once
-- two ids collided a reply (and its feedback) landed on both requests. The Slack event id is the key now; requests
-- without an event (the ask command) keep NULL, which a unique index allows any number of times.
CREATE UNIQUE INDEX interactions_event ON interactions (event_id);

-- Every write of an override bumps its version, so an instance's refresh never replaces a newer cached value
-- with an older read.
ALTER TABLE feature_overrides ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
