-- Foundation schema. Runs unchanged on H2 (MySQL mode) and MySQL 8 / MariaDB: portable types only,
-- times as epoch milliseconds (BIGINT), no vendor-specific defaults.

-- Slack events, inserted before the ack; the primary key makes a retried or doubly-delivered event a no-op.
CREATE TABLE slack_inbox (
    event_id        VARCHAR(64)   NOT NULL,
    correlation_id  CHAR(8)       NOT NULL,
    event_type      VARCHAR(64)   NOT NULL,
    team_id         VARCHAR(32),
    channel_id      VARCHAR(32),
    user_id         VARCHAR(32),
    payload         MEDIUMTEXT    NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at BIGINT        NOT NULL,
    locked_by       VARCHAR(64),
    locked_until    BIGINT,
    reply_ts        VARCHAR(32),
    last_error      VARCHAR(1000),
    received_at     BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL,
    PRIMARY KEY (event_id)
);
CREATE INDEX slack_inbox_due ON slack_inbox (status, next_attempt_at);

-- One row per answered request: what was decided, how long it took, where the reply went.
CREATE TABLE interactions (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    correlation_id  CHAR(8)       NOT NULL,
    event_id        VARCHAR(64),
    user_id         VARCHAR(32),
    team_id         VARCHAR(32),
    channel_id      VARCHAR(32),
    reply_ts        VARCHAR(32),
    intent          VARCHAR(32)   NOT NULL,
    confidence      DOUBLE        NOT NULL,
    validation      VARCHAR(16)   NOT NULL,
    flag_on         BOOLEAN       NOT NULL,
    outcome         VARCHAR(16)   NOT NULL,
    total_ms        BIGINT        NOT NULL,
    created_at      BIGINT        NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX interactions_created ON interactions (created_at);
CREATE INDEX interactions_reply ON interactions (channel_id, reply_ts);

-- 👍 / 👎 on a reply, one per user and reaction.
CREATE TABLE interaction_feedback (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    channel_id      VARCHAR(32)   NOT NULL,
    reply_ts        VARCHAR(32)   NOT NULL,
    user_id         VARCHAR(32)   NOT NULL,
    reaction        VARCHAR(32)   NOT NULL,
    created_at      BIGINT        NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT interaction_feedback_once UNIQUE (channel_id, reply_ts, user_id, reaction)
);

-- Operator overrides of feature flags (the kill switch): read by every instance, survive restarts.
CREATE TABLE feature_overrides (
    flag_name       VARCHAR(128)  NOT NULL,
    engaged         BOOLEAN       NOT NULL,
    reason          VARCHAR(1000) NOT NULL,
    changed_by      VARCHAR(128)  NOT NULL,
    changed_at      BIGINT        NOT NULL,
    PRIMARY KEY (flag_name)
);
