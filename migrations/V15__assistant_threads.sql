-- Slack's split-view assistant threads the bot was opened in (event assistant_thread_started): a question in one
-- gets its status set per stage (assistant.threads.setStatus) instead of the ⏳ reaction, and its first question
-- becomes the thread's title. context_channel_id is the channel the rep opened the assistant from, if any
-- (assistant_thread_context_changed updates it). Purged with RETENTION_THREAD_CONTEXT; times are epoch ms.
CREATE TABLE assistant_threads (
    channel_id          VARCHAR(32)  NOT NULL,
    thread_ts           VARCHAR(32)  NOT NULL,
    user_id             VARCHAR(32),
    context_channel_id  VARCHAR(32),
    titled              BOOLEAN      NOT NULL,
    started_at          BIGINT       NOT NULL,
    PRIMARY KEY (channel_id, thread_ts)
);
CREATE INDEX assistant_threads_started ON assistant_threads (started_at);
