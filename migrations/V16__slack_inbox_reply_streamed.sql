-- TRUE when the event's message at reply_ts was opened with chat.startStream: a retry that finds it (the process
-- died while the answer was streaming in) stops the stream before it replaces the text with the whole answer.
ALTER TABLE slack_inbox ADD COLUMN reply_streamed BOOLEAN DEFAULT FALSE NOT NULL;
