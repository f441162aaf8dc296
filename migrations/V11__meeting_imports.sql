-- Calls imported from files, POST /meetings and Gong, beside the sample calls; and the accounts they fill in.
-- Portable types only (H2 in MySQL mode, MySQL 8, MariaDB); times are epoch milliseconds.

-- Where a call came from (sample, file, api, gong); meetings.id is its external id there, so a re-import replaces it.
ALTER TABLE meetings ADD COLUMN source VARCHAR(32) DEFAULT 'sample' NOT NULL;
ALTER TABLE meetings ADD COLUMN updated_at BIGINT DEFAULT 0 NOT NULL;
-- Attendees are now JSON objects with e-mail and side; a 40-person call no longer fits in 2000 characters.
ALTER TABLE meetings MODIFY COLUMN attendees MEDIUMTEXT NOT NULL;

-- One row per stored, replaced or deleted call: every instance reads the rows newer than its last look and
-- updates its search index, so a change is searchable everywhere within seconds. Old rows are pruned.
CREATE TABLE meeting_changes (
    seq             BIGINT        NOT NULL AUTO_INCREMENT,
    meeting_id      VARCHAR(64)   NOT NULL,
    changed_at      BIGINT        NOT NULL,
    PRIMARY KEY (seq)
);
CREATE INDEX meeting_changes_at ON meeting_changes (changed_at);

-- E-mail domains of an account's people (lowercase): an imported call's attendee domain names its account.
CREATE TABLE directory_domains (
    domain          VARCHAR(255)  NOT NULL,
    account         VARCHAR(128)  NOT NULL,
    PRIMARY KEY (domain),
    CONSTRAINT directory_domains_account FOREIGN KEY (account) REFERENCES directory_accounts (name)
);
CREATE INDEX directory_domains_by_account ON directory_domains (account);

-- Gong: the last call start time synced (fromDateTime of the next incremental run), one row.
CREATE TABLE gong_sync_state (
    id              INT           NOT NULL,
    synced_through  BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL,
    PRIMARY KEY (id)
);
