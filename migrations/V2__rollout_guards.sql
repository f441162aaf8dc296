-- Shadow validation: a sample of skipped requests is validated in the background, so the precision of skips
-- is measured in production. One row per answered sample.
CREATE TABLE shadow_validations (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    correlation_id      CHAR(8)      NOT NULL,
    pattern_intent      VARCHAR(32)  NOT NULL,
    pattern_confidence  DOUBLE       NOT NULL,
    rule_id             VARCHAR(64)  NOT NULL,
    llm_intent          VARCHAR(32)  NOT NULL,
    agreed              BOOLEAN      NOT NULL,
    created_at          BIGINT       NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX shadow_validations_created ON shadow_validations (created_at);
CREATE INDEX interactions_cohort ON interactions (created_at, flag_on, validation);
