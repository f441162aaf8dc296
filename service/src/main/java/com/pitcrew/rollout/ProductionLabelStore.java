package com.pitcrew.rollout;

import com.pitcrew.intent.ProductionLabel;
import com.pitcrew.intent.RuleAgreement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/** The {@code production_labels} table. Thread-safe (every call takes its own handle). */
public final class ProductionLabelStore {

    /** One stored label as the export writes it. */
    public record StoredLabel(String text, String patternIntent, String ruleId, double patternConfidence,
                              String llmIntent, String source, long createdAtMillis) {
    }

    /** A disagreement as the rollout page lists it, with the human label when someone gave one. */
    public record Disagreement(long id, String text, String patternIntent, String ruleId, double patternConfidence,
                               String llmIntent, String source, long createdAtMillis, Optional<String> humanIntent,
                               Optional<String> labelledBy) {
    }

    /** A label a person gave, as the export writes it. */
    public record HumanLabel(long id, String text, String humanIntent, String patternIntent, String llmIntent,
                             String ruleId, double patternConfidence, String source, String labelledBy,
                             long labelledAtMillis) {
    }

    /** {@code production_labels.human_intent} and {@code labelled_by} (V12__human_labels.sql). */
    public static final int MAX_LABELLED_BY = 128;

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

    /** The newest {@code limit} disagreements, newest first. */
    public List<Disagreement> recentDisagreements(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, message_text, pattern_intent, rule_id, "
                        + "pattern_confidence, llm_intent, label_source, created_at, human_intent, labelled_by "
                        + "FROM production_labels WHERE agreed = FALSE ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new Disagreement(rs.getLong("id"), rs.getString("message_text"),
                        rs.getString("pattern_intent"), rs.getString("rule_id"), rs.getDouble("pattern_confidence"),
                        rs.getString("llm_intent"), rs.getString("label_source"), rs.getLong("created_at"),
                        Optional.ofNullable(rs.getString("human_intent")),
                        Optional.ofNullable(rs.getString("labelled_by"))))
                .list());
    }

    /**
     * Stores a person's label on one stored label (a later one replaces it); false when no row has that id. The
     * caller has checked {@code humanIntent} is a known intent and {@code by} fits {@link #MAX_LABELLED_BY}.
     */
    public boolean label(long id, String humanIntent, String by, long atMillis) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE production_labels SET human_intent = :intent, "
                        + "labelled_by = :by, labelled_at = :at WHERE id = :id")
                .bind("intent", humanIntent).bind("by", by).bind("at", atMillis).bind("id", id)
                .execute() == 1);
    }

    /** Every human label, in the order they were given, streamed so an export never holds them all in memory. */
    public void forEachHumanLabel(Consumer<HumanLabel> consumer) {
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, message_text, human_intent, pattern_intent, "
                        + "llm_intent, rule_id, pattern_confidence, label_source, labelled_by, labelled_at "
                        + "FROM production_labels WHERE human_intent IS NOT NULL ORDER BY labelled_at, id")
                .map((rs, ctx) -> new HumanLabel(rs.getLong("id"), rs.getString("message_text"),
                        rs.getString("human_intent"), rs.getString("pattern_intent"), rs.getString("llm_intent"),
                        rs.getString("rule_id"), rs.getDouble("pattern_confidence"), rs.getString("label_source"),
                        rs.getString("labelled_by"), rs.getLong("labelled_at")))
                .forEach(consumer));
    }
}
