-- Production labels: every request whose intent the LLM settled (on the request path or in shadow validation of a
-- skip) labels the pattern classifier's verdict with the LLM's intent. Per-rule trust and the rule breakers are
-- computed from these rows; export-labels writes them out for review. Times are epoch milliseconds.
CREATE TABLE production_labels (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    correlation_id      CHAR(8)      NOT NULL,
    message_text        MEDIUMTEXT   NOT NULL,
    pattern_intent      VARCHAR(32)  NOT NULL,
    rule_id             VARCHAR(64)  NOT NULL,
    pattern_confidence  DOUBLE       NOT NULL,
    llm_intent          VARCHAR(32)  NOT NULL,
    agreed              BOOLEAN      NOT NULL,
    label_source        VARCHAR(16)  NOT NULL,
    created_at          BIGINT       NOT NULL,
    PRIMARY KEY (id)
);
-- Per-rule agreement over the trust window, and the export by time.
CREATE INDEX production_labels_rule ON production_labels (rule_id, created_at);
CREATE INDEX production_labels_created ON production_labels (created_at);

-- Per-rule breakers: a rule whose production precision fell below the skip threshold stops skipping on every
-- instance until a person clears it. One row per rule that ever tripped; after a clear (tripped false) only labels
-- newer than changed_at count for that rule. The figures are those that tripped it.
CREATE TABLE rule_breakers (
    rule_id         VARCHAR(64)    NOT NULL,
    tripped         BOOLEAN        NOT NULL,
    samples         BIGINT         NOT NULL,
    agreed          BIGINT         NOT NULL,
    skip_threshold  DOUBLE         NOT NULL,
    reason          VARCHAR(1000)  NOT NULL,
    changed_by      VARCHAR(64)    NOT NULL,
    changed_at      BIGINT         NOT NULL,
    PRIMARY KEY (rule_id)
);
