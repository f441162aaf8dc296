-- Customer calls and their transcripts, searched by the meeting handlers. Portable types only (H2 in MySQL mode,
-- MySQL 8, MariaDB); times are epoch milliseconds.

CREATE TABLE meetings (
    id              VARCHAR(64)   NOT NULL,
    account         VARCHAR(128)  NOT NULL,
    title           VARCHAR(255)  NOT NULL,
    kind            VARCHAR(32)   NOT NULL,
    started_at      BIGINT        NOT NULL,
    duration_min    INT           NOT NULL,
    -- JSON array of display names ("Tyler Chen", "Jamie Park (SE)"): read whole, never queried by attendee.
    attendees       VARCHAR(2000) NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX meetings_account_started ON meetings (account, started_at);

-- One row per speaker turn, in order.
CREATE TABLE meeting_turns (
    meeting_id      VARCHAR(64)   NOT NULL,
    seq             INT           NOT NULL,
    speaker         VARCHAR(128)  NOT NULL,
    content         MEDIUMTEXT    NOT NULL,
    PRIMARY KEY (meeting_id, seq),
    CONSTRAINT meeting_turns_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id)
);
