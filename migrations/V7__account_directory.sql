-- The account directory: the customers the assistant knows by name. The meeting resolver, the draft handler's
-- recipients and the classifier's xacct/xperson markers all read it (through AccountDirectory's snapshot), so a
-- new customer is data, not a code change. Seeded from the sample world when empty. Portable types only (H2 in
-- MySQL mode, MySQL 8, MariaDB); times are epoch milliseconds.
-- Numbered 7 after V8 shipped: Storage.migrate runs Flyway with outOfOrder so databases already at V8 get it too.

CREATE TABLE directory_accounts (
    name            VARCHAR(128)  NOT NULL,
    updated_at      BIGINT        NOT NULL,
    PRIMARY KEY (name)
);

-- Other names an account goes by, stored lowercase: one alias names one account. seq keeps the listed order.
CREATE TABLE directory_aliases (
    alias           VARCHAR(128)  NOT NULL,
    account         VARCHAR(128)  NOT NULL,
    seq             INT           NOT NULL,
    PRIMARY KEY (alias),
    CONSTRAINT directory_aliases_account FOREIGN KEY (account) REFERENCES directory_accounts (name)
);
CREATE INDEX directory_aliases_by_account ON directory_aliases (account, seq);

-- The people at an account. seq keeps the listed order: the first contact is who a draft goes to when only the
-- account is named. role is optional.
CREATE TABLE directory_contacts (
    account         VARCHAR(128)  NOT NULL,
    name            VARCHAR(128)  NOT NULL,
    role            VARCHAR(128),
    seq             INT           NOT NULL,
    PRIMARY KEY (account, name),
    CONSTRAINT directory_contacts_account FOREIGN KEY (account) REFERENCES directory_accounts (name)
);
