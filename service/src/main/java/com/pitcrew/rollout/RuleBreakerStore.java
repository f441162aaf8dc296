package com.pitcrew.rollout;

import com.pitcrew.intent.RuleAgreement;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The {@code rule_breakers} table: which rules stopped skipping, with the figures that tripped them, and when a
 * person cleared them. Writes are conditional, so two instances tripping the same rule at once trip it once, and a
 * trip computed before a clear cannot undo that clear. Thread-safe.
 */
public final class RuleBreakerStore {

    /** One rule's breaker as stored; {@code changedAtMillis} is when it last tripped or was cleared. */
    public record Breaker(String ruleId, boolean tripped, RuleAgreement figures, double threshold, String reason,
                          String changedBy, long changedAtMillis) {
    }

    private final Jdbi jdbi;

    public RuleBreakerStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Breaker> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT rule_id, tripped, samples, agreed, "
                        + "skip_threshold, reason, changed_by, changed_at FROM rule_breakers ORDER BY rule_id")
                .map((rs, ctx) -> new Breaker(rs.getString("rule_id"), rs.getBoolean("tripped"),
                        new RuleAgreement(rs.getLong("samples"), rs.getLong("agreed")), rs.getDouble("skip_threshold"),
                        rs.getString("reason"), rs.getString("changed_by"), rs.getLong("changed_at")))
                .list());
    }

    public Optional<Breaker> find(String ruleId) {
        return all().stream().filter(breaker -> breaker.ruleId().equals(ruleId)).findFirst();
    }

    /**
     * Trips {@code ruleId}'s breaker unless it is already tripped or changed since {@code seen} was read (empty:
     * no row was seen). True when this call tripped it.
     */
    boolean trip(String ruleId, Optional<Breaker> seen, RuleAgreement figures, double threshold, String reason,
                 String by, long nowMillis) {
        return jdbi.withHandle(handle -> {
            if (seen.isPresent()) {
                return handle.createUpdate("UPDATE rule_breakers SET tripped = TRUE, samples = :samples, "
                                + "agreed = :agreed, skip_threshold = :threshold, reason = :reason, changed_by = :by, "
                                + "changed_at = :at WHERE rule_id = :rule AND tripped = FALSE AND changed_at = :seen")
                        .bind("samples", figures.samples()).bind("agreed", figures.agreed())
                        .bind("threshold", threshold).bind("reason", reason).bind("by", by).bind("at", nowMillis)
                        .bind("rule", ruleId).bind("seen", seen.get().changedAtMillis())
                        .execute() == 1;
            }
            try {
                return handle.createUpdate("INSERT INTO rule_breakers (rule_id, tripped, samples, agreed, "
                                + "skip_threshold, reason, changed_by, changed_at) "
                                + "VALUES (:rule, TRUE, :samples, :agreed, :threshold, :reason, :by, :at)")
                        .bind("rule", ruleId).bind("samples", figures.samples()).bind("agreed", figures.agreed())
                        .bind("threshold", threshold).bind("reason", reason).bind("by", by).bind("at", nowMillis)
                        .execute() == 1;
            } catch (UnableToExecuteStatementException e) {
                // Another instance inserted the row first (primary key): it tripped the breaker, not us.
                return false;
            }
        });
    }

    /** Clears an open breaker; false when the rule has none open. */
    boolean clear(String ruleId, String reason, String by, long nowMillis) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE rule_breakers SET tripped = FALSE, "
                        + "reason = :reason, changed_by = :by, changed_at = :at WHERE rule_id = :rule AND tripped = TRUE")
                .bind("reason", reason).bind("by", by).bind("at", nowMillis).bind("rule", ruleId)
                .execute() == 1);
    }
}
