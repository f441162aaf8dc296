-- Product knowledge: the five Airtable tables, the pre-rendered LLM prompt built from them, and the webhook cursor.
-- Portable (H2 MySQL mode, MySQL 8, MariaDB): record ids from Airtable are the keys, times are epoch milliseconds.

-- One row per Airtable record; list fields (plans, tags) are stored as their names joined with ", ".
CREATE TABLE product_plans (
    record_id           VARCHAR(32)    NOT NULL,
    created_at          BIGINT         NOT NULL,
    name                VARCHAR(255)   NOT NULL,
    price_per_seat_usd  DECIMAL(12,2),
    pricing_note        VARCHAR(255),
    min_seats           BIGINT,
    summary             MEDIUMTEXT,
    PRIMARY KEY (record_id)
);

CREATE TABLE product_features (
    record_id           VARCHAR(32)    NOT NULL,
    created_at          BIGINT         NOT NULL,
    name                VARCHAR(255)   NOT NULL,
    description         MEDIUMTEXT,
    plans               VARCHAR(255),
    PRIMARY KEY (record_id)
);

CREATE TABLE product_integrations (
    record_id           VARCHAR(32)    NOT NULL,
    created_at          BIGINT         NOT NULL,
    name                VARCHAR(255)   NOT NULL,
    category            VARCHAR(255),
    direction           VARCHAR(255),
    plans               VARCHAR(255),
    description         MEDIUMTEXT,
    PRIMARY KEY (record_id)
);

CREATE TABLE product_compliance (
    record_id           VARCHAR(32)    NOT NULL,
    created_at          BIGINT         NOT NULL,
    name                VARCHAR(255)   NOT NULL,
    status              VARCHAR(255),
    notes               MEDIUMTEXT,
    PRIMARY KEY (record_id)
);

CREATE TABLE product_faqs (
    record_id           VARCHAR(32)    NOT NULL,
    created_at          BIGINT         NOT NULL,
    question            VARCHAR(255)   NOT NULL,
    answer              MEDIUMTEXT,
    tags                VARCHAR(255),
    PRIMARY KEY (record_id)
);

-- The rendered prompt, one row per distinct content; the highest version is current. An unchanged base renders
-- the same bytes and the same hash, so no row is written for it.
CREATE TABLE product_snapshots (
    version             BIGINT         NOT NULL,
    content             MEDIUMTEXT     NOT NULL,
    content_hash        CHAR(64)       NOT NULL,
    plans_count         INT            NOT NULL,
    features_count      INT            NOT NULL,
    integrations_count  INT            NOT NULL,
    compliance_count    INT            NOT NULL,
    faqs_count          INT            NOT NULL,
    built_at            BIGINT         NOT NULL,
    build_ms            BIGINT         NOT NULL,
    PRIMARY KEY (version)
);

-- Where this base's webhook payloads have been applied up to; advanced in the same transaction as the changes.
CREATE TABLE airtable_webhook_state (
    webhook_id          VARCHAR(64)    NOT NULL,
    payload_cursor      BIGINT         NOT NULL,
    expires_at          BIGINT,
    refreshed_at        BIGINT,
    updated_at          BIGINT         NOT NULL,
    PRIMARY KEY (webhook_id)
);
