-- What a Slack thread remembers of its last answer, so a follow-up in it ("and Globex?", "shorter", "turn that
-- into an email to Tyler") inherits the intent and scope, on whichever instance it lands. One row per thread,
-- replaced by each answer; purged with retention (retention.threadContext). accounts and people are JSON arrays of
-- canonical names; the range is half-open [range_from, range_to) in epoch milliseconds, as is updated_at.
CREATE TABLE thread_context (
    channel_id      VARCHAR(32)   NOT NULL,
    thread_ts       VARCHAR(32)   NOT NULL,
    intent          VARCHAR(32)   NOT NULL,
    accounts        VARCHAR(1000) NOT NULL,
    people          VARCHAR(1000) NOT NULL,
    range_from      BIGINT,
    range_to        BIGINT,
    range_phrase    VARCHAR(100),
    topic           VARCHAR(200)  NOT NULL,
    question        VARCHAR(2000) NOT NULL,
    updated_at      BIGINT        NOT NULL,
    PRIMARY KEY (channel_id, thread_ts)
);
CREATE INDEX thread_context_updated ON thread_context (updated_at);
