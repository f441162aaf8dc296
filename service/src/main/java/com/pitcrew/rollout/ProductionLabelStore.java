package com.pitcrew.rollout;

import com.pitcrew.intent.ProductionLabel;
import com.pitcrew.intent.RuleAgreement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/** The {@code production_labels} table. Thread-safe (every call takes its own handle). */
public final class ProductionLabelStore {

    /** One stored label as the export writes it. */
    public record StoredLabel(String text, String patternIntent, String ruleId, double patternConfidence,
                              String llmIntent, String source, long createdAtMillis) {
    }

    private final Jdbi jdbi;

    public ProductionLabelStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(ProductionLabel label, long createdAtMillis) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO production_labels (correlation_id, message_text, pattern_intent, rule_id,
                            pattern_confidence, llm_intent, agreed, label_source, created_at)
                        VALUES (:correlationId, :text, :patternIntent, :ruleId, :confidence, :llmIntent, :agreed,
                            :source, :createdAt)""")
                .bind("correlationId", label.correlationId())
                .bind("text", label.text())
                .bind("patternIntent", label.pattern().intent().wireName())
                .bind("ruleId", label.pattern().ruleId())
                .bind("confidence", label.pattern().confidence())
                .bind("llmIntent", label.llmIntent().wireName())
                .bind("agreed", label.agreed())
                .bind("source", label.source().wireName())
                .bind("createdAt", createdAtMillis)
                .execute());
    }

    /**
     * Per rule, the labels since {@code fromMillis} whose pattern confidence is at least {@code minConfidence} (the
     * skip-grade verdicts), counting for a rule whose breaker was cleared only the labels newer than the clear.
     */
    Map<String, RuleAgreement> agreementByRule(long fromMillis, double minConfidence) {
        Map<String, RuleAgreement> agreements = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT l.rule_id AS rule_id, COUNT(*) AS samples,
                            COALESCE(SUM(CASE WHEN l.agreed THEN 1 ELSE 0 END), 0) AS agreed
                        FROM production_labels l LEFT JOIN rule_breakers b ON b.rule_id = l.rule_id
                        WHERE l.created_at >= :from AND l.pattern_confidence >= :minConfidence
                            AND (b.rule_id IS NULL OR l.created_at > b.changed_at)
                        GROUP BY l.rule_id""")
                .bind("from", fromMillis)
                .bind("minConfidence", minConfidence)
                .map((rs, ctx) -> Map.entry(rs.getString("rule_id"),
                        new RuleAgreement(rs.getLong("samples"), rs.getLong("agreed"))))
                .forEach(entry -> agreements.put(entry.getKey(), entry.getValue())));
        return agreements;
    }

    /** Labels since {@code fromMillis}, oldest first, streamed so an export never holds them all in memory. */
    public void forEach(long fromMillis, boolean disagreementsOnly, Consumer<StoredLabel> consumer) {
        jdbi.useHandle(handle -> handle.createQuery("SELECT message_text, pattern_intent, rule_id, "
                        + "pattern_confidence, llm_intent, label_source, created_at FROM production_labels "
                        + "WHERE created_at >= :from" + (disagreementsOnly ? " AND agreed = FALSE" : "")
                        + " ORDER BY created_at, id")
                .bind("from", fromMillis)
                .map((rs, ctx) -> new StoredLabel(rs.getString("message_text"), rs.getString("pattern_intent"),
                        rs.getString("rule_id"), rs.getDouble("pattern_confidence"), rs.getString("llm_intent"),
                        rs.getString("label_source"), rs.getLong("created_at")))
                .forEach(consumer));
    }
}
