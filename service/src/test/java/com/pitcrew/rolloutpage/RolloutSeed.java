package com.pitcrew.rolloutpage;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A rollout in a known state, written straight into a migrated database: 40 requests (30 flag-on of which 12
 * skipped and 18 validated, one flag-on error; 10 flag-off), 20 shadow validations of which 19 agreed, feedback,
 * two disagreements (one whose text is markup) and an open rule breaker. Figures stay inside every guard's rule, so
 * loading the page (which judges now) engages nothing by itself.
 */
final class RolloutSeed {

    static final String RULE = "search_calls.find";
    static final String SCRIPT_TEXT = "<script>alert('x')</script> find calls & notes about <b>pricing</b>";
    static final String PLAIN_TEXT = "what did acme say about the renewal";

    private RolloutSeed() {
    }

    static void seed(Jdbi jdbi, long now) {
        jdbi.useTransaction(handle -> {
            int n = 0;
            for (int i = 0; i < 12; i++) {
                interaction(handle, n++, "skipped", true, "ok", 100 + i, now);
            }
            for (int i = 0; i < 18; i++) {
                interaction(handle, n++, "validated", true, i == 0 ? "error" : "ok", 900 + i, now);
            }
            for (int i = 0; i < 10; i++) {
                interaction(handle, n++, "validated", false, "ok", 1000 + i, now);
            }
            for (int i = 0; i < 20; i++) {
                handle.execute("INSERT INTO shadow_validations (correlation_id, pattern_intent, pattern_confidence, "
                        + "rule_id, llm_intent, agreed, created_at) VALUES (?, 'search_calls', 0.95, ?, ?, ?, ?)",
                        String.format("s%07d", i), RULE, i == 0 ? "meeting_question" : "search_calls", i != 0, now);
            }
            // 👍 twice and 👎 once on skipped answers (replies r0..r2), 👎 once on a validated one (r12).
            for (List<Object> reaction : List.of(List.<Object>of("r0", "+1"), List.<Object>of("r1", "+1"),
                    List.<Object>of("r2", "-1"), List.<Object>of("r12", "-1"))) {
                handle.execute("INSERT INTO interaction_feedback (channel_id, reply_ts, user_id, reaction, created_at) "
                        + "VALUES ('C1', ?, 'U1', ?, ?)", reaction.get(0), reaction.get(1), now);
            }
            label(handle, "l0000001", SCRIPT_TEXT, "meeting_question", now - 2);
            label(handle, "l0000002", PLAIN_TEXT, "draft_email", now - 1);
            handle.execute("INSERT INTO rule_breakers (rule_id, tripped, samples, agreed, skip_threshold, reason, "
                    + "changed_by, changed_at) VALUES (?, TRUE, 40, 30, 0.9, ?, 'rule-trust', ?)", RULE,
                    "production precision 0.750 (30 of 40 agreed) < skip threshold 0.90", now);
        });
    }

    private static void interaction(Handle handle, int n, String validation, boolean flagOn, String outcome,
                                    long totalMs, long now) {
        handle.execute("INSERT INTO interactions (correlation_id, event_id, user_id, channel_id, reply_ts, intent, "
                        + "confidence, validation, flag_on, outcome, total_ms, created_at) "
                        + "VALUES (?, ?, 'U1', 'C1', ?, 'search_calls', 0.95, ?, ?, ?, ?, ?)",
                String.format("c%07d", n), "Ev" + n, "r" + n, validation, flagOn, outcome, totalMs, now);
    }

    private static void label(Handle handle, String correlationId, String text, String llmIntent, long at) {
        handle.execute("INSERT INTO production_labels (correlation_id, message_text, pattern_intent, rule_id, "
                + "pattern_confidence, llm_intent, agreed, label_source, created_at) "
                + "VALUES (?, ?, 'search_calls', ?, 0.95, ?, FALSE, 'shadow', ?)", correlationId, text, RULE,
                llmIntent, at);
    }

    static long labelId(Jdbi jdbi, String text) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM production_labels WHERE message_text = :t")
                .bind("t", text).mapTo(Long.class).one());
    }
}
