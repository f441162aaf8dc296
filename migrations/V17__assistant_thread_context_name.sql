-- The name of the channel an assistant thread was opened beside (conversations.info, read once when the context
-- is set): a question in the thread that names no account is asked about the account the name points at
-- ("deal-acme" → Acme Corp). NULL until read, or when Slack did not say.
ALTER TABLE assistant_threads ADD COLUMN context_channel_name VARCHAR(80);
