-- Retention: the purge deletes old rows in bounded batches by time; each table needs an index that finds them.
-- interactions, shadow_validations and production_labels are already indexed on created_at.
CREATE INDEX slack_inbox_finished ON slack_inbox (status, received_at);
CREATE INDEX interaction_feedback_created ON interaction_feedback (created_at);

