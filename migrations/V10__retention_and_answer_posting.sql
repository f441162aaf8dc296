-- Retention: the purge deletes old rows in bounded batches by time; each table needs an index that finds them.
-- interactions, shadow_validations and production_labels are already indexed on created_at.
CREATE INDEX slack_inbox_finished ON slack_inbox (status, received_at);
CREATE INDEX interaction_feedback_created ON interaction_feedback (created_at);


-- The progress sign is a reaction on the user's message (idempotent); the answer is the one message we post.
-- answer_posting_at is written just before chat.postMessage and reply_ts just after: a row with the first and not
-- the second crashed (or lost Slack's response) inside that one call, the only window that can show an answer twice.
ALTER TABLE slack_inbox ADD COLUMN answer_posting_at BIGINT;
