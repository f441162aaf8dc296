package com.pitcrew.rolloutpage;

import com.pitcrew.admin.CheckedTask;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.RuleAgreement;
import com.pitcrew.report.Html;
import com.pitcrew.report.Wilson;
import com.pitcrew.rollout.CohortGuards;
import com.pitcrew.rollout.KillSwitch;
import com.pitcrew.rollout.KillSwitchTask;
import com.pitcrew.rollout.ProductionLabelStore;
import com.pitcrew.rollout.RolloutGuard;
import com.pitcrew.rollout.RuleBreakerStore;
import com.pitcrew.rollout.RuleTrustMonitor;
import com.pitcrew.rollout.SkipFlag;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the admin page {@code /rollout} shows and does, without HTTP: the figures come from the guards' own
 * evaluations (run now, as a health check runs them), the rule breakers from the trust monitor, the shadow interval
 * from the report's {@link Wilson}; engaging or clearing the kill switch takes the kill switch task's validation,
 * and human labels go to {@code production_labels}. Thread-safe: it holds no state of its own.
 */
public final class RolloutPage {

    /** The disagreements listed, newest first. */
    static final int DISAGREEMENTS = 50;
    static final String DEFAULT_BY = "rollout-page";


    private final SkipFlag skipFlag;
    private final KillSwitch killSwitch;
    private final RolloutGuard rolloutGuard;
    private final CohortGuards cohortGuards;
    private final RuleTrustMonitor ruleTrust;
    private final ProductionLabelStore labels;
    private final Clock clock;

    public RolloutPage(SkipFlag skipFlag, KillSwitch killSwitch, RolloutGuard rolloutGuard, CohortGuards cohortGuards,
                       RuleTrustMonitor ruleTrust, ProductionLabelStore labels, Clock clock) {
        this.skipFlag = skipFlag;
        this.killSwitch = killSwitch;
        this.rolloutGuard = rolloutGuard;
        this.cohortGuards = cohortGuards;
        this.ruleTrust = ruleTrust;
        this.labels = labels;
        this.clock = clock;
    }

    /** What went wrong with a form, or nothing. */
    record Refusal(int status, String reason) {
    }

    /** The page as self-contained HTML; {@code formToken} goes into every form. Throws on a database error. */
    String render(String formToken) {
        killSwitch.refresh();
        RolloutGuard.Evaluation guard = rolloutGuard.evaluate();
        CohortGuards.Evaluation cohorts = cohortGuards.evaluate();
        RuleTrustMonitor.Snapshot trust = ruleTrust.refresh();
        List<ProductionLabelStore.Disagreement> disagreements = labels.recentDisagreements(DISAGREEMENTS);
        String token = Html.escape(formToken);

        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>PitCrew rollout</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:90em}table{border-collapse:collapse;"
                + "margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;"
                + "vertical-align:top}.ok{color:#17702a}.tripped,.engaged,.warning{color:#b00020;font-weight:bold}"
                + ".not_enough_data,.muted{color:#777}form{display:inline;margin:0}textarea{width:40em}"
                + "</style></head><body>\n<h1>PitCrew rollout</h1>\n");
        out.append("<p class=\"muted\">as of ").append(instant(guard.atMillis())).append("; guard window from ")
                .append(instant(guard.fromMillis()))
                .append(" (the guard window, only since the kill switch last changed)</p>\n");

        flag(out, guard);
        killSwitch(out, token);
        verdicts(out, guard, cohorts);
        skipAndShadow(out, guard, cohorts);
        cohorts(out, guard, cohorts);
        breakers(out, trust);
        disagreements(out, disagreements, token);
        return out.append("</body></html>\n").toString();
    }

    private void flag(StringBuilder out, RolloutGuard.Evaluation guard) {
        long on = guard.flagOn().requests();
        long all = on + guard.flagOff().requests();
        out.append("<h2>Flag</h2>\n<table><tr><th>flag</th><th>in Unleash</th></tr>");
        for (String name : List.of(SkipFlag.NAME, SkipFlag.PARALLEL_VALIDATION)) {
            Optional<Boolean> enabled = skipFlag.enabledInUnleash(name);
            out.append("<tr><td>").append(Html.escape(name)).append("</td><td>")
                    .append(enabled.map(yes -> yes ? "enabled" : "disabled").orElse("not defined"))
                    .append("</td></tr>");
        }
        out.append("</table>\n<p id=\"rollout-share\">Rollout share (requests that ran flag-on over the window): ")
                .append(on).append(" of ").append(all).append(" = ").append(share(on, all)).append("</p>\n");
    }

    private void killSwitch(StringBuilder out, String token) {
        Optional<KillSwitch.State> state = killSwitch.state();
        boolean engaged = killSwitch.engaged();
        out.append("<h2>Kill switch</h2>\n<p id=\"kill-switch-state\" class=\"").append(engaged ? "engaged" : "ok")
                .append("\">").append(engaged ? "ENGAGED: LLM validation is never skipped"
                        : "clear: skipping follows the flag").append("</p>\n");
        state.ifPresent(last -> out.append("<p id=\"kill-switch-last\">last changed ")
                .append(instant(last.changedAtMillis())).append(" by <b>").append(Html.escape(last.changedBy()))
                .append("</b>: ").append(Html.escape(last.reason())).append("</p>\n"));
        out.append("<form method=\"post\" action=\"/rollout/kill-switch\"><input type=\"hidden\" name=\"token\" "
                        + "value=\"").append(token).append("\"><p><label>reason (required)<br><textarea name=\"reason\" "
                        + "id=\"kill-switch-reason\" rows=\"2\" required maxlength=\"")
                .append(KillSwitchTask.MAX_REASON).append("\"></textarea></label></p><p><label>by <input name=\"by\" "
                        + "id=\"kill-switch-by\" maxlength=\"").append(KillSwitchTask.MAX_BY)
                .append("\" placeholder=\"").append(DEFAULT_BY).append("\"></label> <button type=\"submit\" "
                        + "name=\"action\" value=\"engage\" id=\"kill-switch-engage\">Engage kill switch</button> "
                        + "<button type=\"submit\" name=\"action\" value=\"clear\" id=\"kill-switch-clear\">Clear "
                        + "kill switch</button></p></form>\n");
    }

    private void verdicts(StringBuilder out, RolloutGuard.Evaluation guard, CohortGuards.Evaluation cohorts) {
        List<CohortGuards.Verdict> all = new ArrayList<>(rolloutGuard.verdicts(guard));
        all.addAll(cohorts.verdicts());
        out.append("<h2>Guards</h2>\n<table id=\"guards\"><tr><th>guard</th><th>verdict</th><th>figures</th>"
                + "<th>rule</th></tr>");
        for (CohortGuards.Verdict verdict : all) {
            String status = verdict.status().name().toLowerCase(Locale.ROOT);
            out.append("<tr><td>").append(Html.escape(verdict.guard())).append("</td><td class=\"").append(status)
                    .append("\">").append(status.replace('_', ' ')).append("</td><td>")
                    .append(Html.escape(verdict.figures())).append("</td><td>").append(Html.escape(verdict.rule()))
                    .append("</td></tr>");
        }
        out.append("</table>\n");
    }

    private static void skipAndShadow(StringBuilder out, RolloutGuard.Evaluation guard,
                                      CohortGuards.Evaluation cohorts) {
        long skipped = cohorts.window().skipped().requests();
        long flagOn = guard.flagOn().requests();
        out.append("<h2>Skipping and shadow precision</h2>\n<p id=\"skip-share\">Skip share: ").append(skipped)
                .append(" of ").append(flagOn).append(" flag-on requests skipped LLM validation = ")
                .append(share(skipped, flagOn)).append("</p>\n");
        double[] interval = Wilson.interval95(guard.shadowSamples(), guard.shadowAgreed());
        out.append("<p id=\"shadow-precision\">Shadow precision of skips: ").append(guard.shadowAgreed())
                .append(" of ").append(guard.shadowSamples()).append(" agreed = ")
                .append(ratio(guard.shadowAgreed(), guard.shadowSamples())).append(", 95 % Wilson interval ")
                .append(guard.shadowSamples() == 0 ? "-" : rate(interval[0]) + " – " + rate(interval[1]))
                .append("</p>\n");
    }

    private static void cohorts(StringBuilder out, RolloutGuard.Evaluation guard, CohortGuards.Evaluation cohorts) {
        out.append("<h2>Error rate and latency by cohort</h2>\n<table id=\"cohorts\"><tr><th>cohort</th>"
                + "<th>requests</th><th>errors</th><th>error rate</th><th>mean totalTimeMs</th></tr>");
        cohortRow(out, "flag on", guard.flagOn());
        cohortRow(out, "flag off", guard.flagOff());
        out.append("</table>\n<table id=\"latency\"><tr><th>validation</th><th>requests</th>"
                + "<th>p50 totalTimeMs</th></tr>");
        latencyRow(out, "skipped", cohorts.window().skipped());
        latencyRow(out, "validated", cohorts.window().validated());
        out.append("</table>\n<h2>Feedback by cohort</h2>\n<table id=\"feedback\"><tr><th>cohort</th><th>👍</th>"
                + "<th>👎</th><th>👎 share</th></tr>");
        feedbackRow(out, "skipped", cohorts.window().skippedFeedback());
        feedbackRow(out, "validated", cohorts.window().validatedFeedback());
        out.append("</table>\n<p>👎 by flag cohort: flag on ").append(guard.flagOn().thumbsDown())
                .append(", flag off ").append(guard.flagOff().thumbsDown()).append("</p>\n");
    }

    private static void cohortRow(StringBuilder out, String name, RolloutGuard.Cohort cohort) {
        out.append("<tr><td>").append(name).append("</td><td>").append(cohort.requests()).append("</td><td>")
                .append(cohort.errors()).append("</td><td>")
                .append(cohort.requests() == 0 ? "-" : rate(cohort.errorRate())).append("</td><td>")
                .append(cohort.requests() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", cohort.averageMillis()))
                .append("</td></tr>");
    }

    private static void latencyRow(StringBuilder out, String name, CohortGuards.Latency latency) {
        out.append("<tr><td>").append(name).append("</td><td>").append(latency.requests()).append("</td><td>")
                .append(latency.p50Millis().isPresent() ? Long.toString(latency.p50Millis().getAsLong()) : "-")
                .append("</td></tr>");
    }

    private static void feedbackRow(StringBuilder out, String name, CohortGuards.Feedback feedback) {
        out.append("<tr><td>").append(name).append("</td><td>").append(feedback.up()).append("</td><td>")
                .append(feedback.down()).append("</td><td>")
                .append(feedback.total() == 0 ? "-" : rate(feedback.downShare())).append("</td></tr>");
    }

    private static void breakers(StringBuilder out, RuleTrustMonitor.Snapshot trust) {
        out.append("<h2>Rule breakers</h2>\n<table id=\"breakers\"><tr><th>rule</th><th>state</th>"
                + "<th>figures that tripped it</th><th>threshold</th><th>reason</th><th>by</th><th>changed</th></tr>");
        Map<String, RuleBreakerStore.Breaker> sorted = new TreeMap<>(trust.breakers());
        if (sorted.isEmpty()) {
            out.append("<tr><td colspan=\"7\" class=\"muted\">no rule has tripped</td></tr>");
        }
        sorted.values().forEach(breaker -> out.append("<tr><td>").append(Html.escape(breaker.ruleId()))
                .append("</td><td class=\"").append(breaker.tripped() ? "tripped\">open (no skipping)" : "ok\">cleared")
                .append("</td><td>").append(breaker.figures().agreed()).append(" of ")
                .append(breaker.figures().samples()).append(" agreed</td><td>")
                .append(String.format(Locale.ROOT, "%.2f", breaker.threshold())).append("</td><td>")
                .append(Html.escape(breaker.reason())).append("</td><td>").append(Html.escape(breaker.changedBy()))
                .append("</td><td>").append(instant(breaker.changedAtMillis())).append("</td></tr>"));
        out.append("</table>\n<p>Per-rule agreement of skip-grade production labels over the trust window (a rule "
                + "trips below the skip threshold with at least ").append(trust.view().minSamples())
                .append(" samples):</p>\n<table id=\"rule-agreement\"><tr><th>rule</th><th>samples</th><th>agreed</th>"
                        + "<th>precision</th><th>95 % Wilson interval</th></tr>");
        new TreeMap<>(trust.view().agreements()).forEach((rule, agreement) -> out.append("<tr><td>")
                .append(Html.escape(rule)).append("</td><td>").append(agreement.samples()).append("</td><td>")
                .append(agreement.agreed()).append("</td><td>").append(ratio(agreement.agreed(), agreement.samples()))
                .append("</td><td>").append(interval(agreement)).append("</td></tr>"));
        out.append("</table>\n");
    }

    private static String interval(RuleAgreement agreement) {
        double[] interval = Wilson.interval95(agreement.samples(), agreement.agreed());
        return agreement.samples() == 0 ? "-" : rate(interval[0]) + " – " + rate(interval[1]);
    }

    private static void disagreements(StringBuilder out, List<ProductionLabelStore.Disagreement> disagreements,
                                      String token) {
        out.append("<h2>Recent disagreements</h2>\n<p>The newest ").append(DISAGREEMENTS)
                .append(" production labels where the LLM disagreed with the pattern. Label one with its true intent; "
                        + "labelled ones export as corpus JSON lines for <code>eval</code>: "
                        + "<a href=\"/rollout/labels.jsonl\" id=\"labels-export\">/rollout/labels.jsonl</a></p>\n"
                        + "<table id=\"disagreements\"><tr><th>at</th><th>message</th><th>pattern intent</th>"
                        + "<th>LLM intent</th><th>human label</th><th>label it</th></tr>");
        if (disagreements.isEmpty()) {
            out.append("<tr><td colspan=\"6\" class=\"muted\">no disagreement recorded</td></tr>");
        }
        for (ProductionLabelStore.Disagreement row : disagreements) {
            out.append("<tr id=\"disagreement-").append(row.id()).append("\"><td>").append(instant(row.createdAtMillis()))
                    .append("</td><td class=\"message\">").append(Html.escape(row.text())).append("</td><td>")
                    .append(Html.escape(row.patternIntent())).append(" <span class=\"muted\">(")
                    .append(Html.escape(row.ruleId())).append(", ")
                    .append(String.format(Locale.ROOT, "%.2f", row.patternConfidence())).append(")</span></td><td>")
                    .append(Html.escape(row.llmIntent())).append("</td><td class=\"human-label\">")
                    .append(row.humanIntent().map(Html::escape).orElse("-"))
                    .append(row.labelledBy().map(by -> " <span class=\"muted\">by " + Html.escape(by) + "</span>")
                            .orElse(""))
                    .append("</td><td><form method=\"post\" action=\"/rollout/label\"><input type=\"hidden\" "
                            + "name=\"token\" value=\"").append(token).append("\"><input type=\"hidden\" name=\"id\" "
                            + "value=\"").append(row.id()).append("\">");
            for (String intent : List.of(row.patternIntent(), row.llmIntent())) {
                out.append("<button type=\"submit\" name=\"intent\" value=\"").append(Html.escape(intent))
                        .append("\">").append(Html.escape(intent)).append("</button> ");
            }
            out.append("</form><form method=\"post\" action=\"/rollout/label\"><input type=\"hidden\" name=\"token\" "
                    + "value=\"").append(token).append("\"><input type=\"hidden\" name=\"id\" value=\"")
                    .append(row.id()).append("\"><select name=\"intent\" aria-label=\"other intent\">");
            for (Intent intent : Intent.values()) {
                out.append("<option>").append(intent.wireName()).append("</option>");
            }
            out.append("</select> <button type=\"submit\">label</button></form></td></tr>");
        }
        out.append("</table>\n");
    }

    /** Engages or clears the kill switch with the kill switch task's checks; a refusal names the problem. */
    Optional<Refusal> killSwitch(Optional<String> action, Optional<String> reason, Optional<String> by) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        action.ifPresent(value -> parameters.put("action", List.of(value)));
        reason.ifPresent(value -> parameters.put("reason", List.of(value)));
        by.ifPresent(value -> parameters.put("by", List.of(value)));
        Optional<String> problem = new KillSwitchTask(killSwitch).problem(parameters);
        if (problem.isPresent()) {
            return Optional.of(new Refusal(400, problem.get()));
        }
        String who = CheckedTask.parameter(parameters, "by").orElse(DEFAULT_BY);
        String why = CheckedTask.parameter(parameters, "reason").orElseThrow();
        if ("engage".equals(action.orElseThrow())) {
            killSwitch.engage(why, who);
        } else {
            killSwitch.clear(why, who);
        }
        return Optional.empty();
    }

    /** Stores a person's label on one disagreement; a refusal names the problem. */
    Optional<Refusal> label(Optional<String> id, Optional<String> intent, Optional<String> by) {
        long row;
        try {
            row = Long.parseLong(id.orElse("").trim());
        } catch (NumberFormatException e) {
            return Optional.of(new Refusal(400, "id must be the number of a stored label, got '"
                    + id.orElse("") + "'"));
        }
        Optional<Intent> known = intent.map(String::trim).flatMap(Intent::fromWireName);
        if (known.isEmpty()) {
            return Optional.of(new Refusal(400, "intent must be one of " + Arrays.toString(Intent.values()) + ", got '"
                    + intent.orElse("") + "'"));
        }
        String who = by.map(String::trim).filter(value -> !value.isEmpty()).orElse(DEFAULT_BY);
        if (who.length() > ProductionLabelStore.MAX_LABELLED_BY) {
            return Optional.of(new Refusal(400, "by is longer than " + ProductionLabelStore.MAX_LABELLED_BY
                    + " characters"));
        }
        if (!labels.label(row, known.get().wireName(), who, clock.millis())) {
            return Optional.of(new Refusal(404, "no stored label " + row));
        }
        return Optional.empty();
    }

    /**
     * Every human label as one JSON object a line, in the corpus format {@code eval --input} reads: {@code text}
     * and {@code intent} (the person's label), then what the pattern and the LLM said. Returns the lines written.
     */
    long exportLabels(Writer writer) {
        long[] count = {0};
        labels.forEachHumanLabel(label -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("text", label.text());
            line.put("intent", label.humanIntent());
            line.put("pattern_intent", label.patternIntent());
            line.put("llm_intent", label.llmIntent());
            line.put("rule", label.ruleId());
            line.put("confidence", label.patternConfidence());
            line.put("source", label.source());
            line.put("labelled_by", label.labelledBy());
            line.put("labelled_at", Instant.ofEpochMilli(label.labelledAtMillis()).toString());
            CorpusFile.writeLine(writer, line);
            count[0]++;
        });
        return count[0];
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static String ratio(long part, long whole) {
        return whole == 0 ? "-" : rate((double) part / whole);
    }

    private static String rate(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
