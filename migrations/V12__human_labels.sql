-- Human labels on production labels: a person reviewing a disagreement on the admin page /rollout says which
-- intent the message really has. NULL until someone labels it; a later label replaces an earlier one. The labelled
-- rows export as corpus JSON lines (GET /rollout/labels.jsonl) for eval. Times are epoch milliseconds.
ALTER TABLE production_labels ADD COLUMN human_intent VARCHAR(32);
ALTER TABLE production_labels ADD COLUMN labelled_by VARCHAR(128);
ALTER TABLE production_labels ADD COLUMN labelled_at BIGINT;
-- The export reads the labelled rows in the order they were labelled.
CREATE INDEX production_labels_labelled ON production_labels (labelled_at);
