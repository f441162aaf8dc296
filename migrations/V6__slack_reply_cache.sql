-- The answer, once computed, is kept with its event: a retry after a failed Slack write shows the same answer
-- without running the pipeline (and the LLM) again or recording a second interaction.
ALTER TABLE slack_inbox ADD COLUMN reply_json MEDIUMTEXT;
