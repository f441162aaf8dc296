package com.pitcrew.rollout;

import com.pitcrew.admin.CheckedTask;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admin task {@code POST /tasks/kill-switch?action=engage|clear&reason=...&by=...}: stops (or resumes) skipping
 * LLM validation on every instance. A reason is required, so the audit trail says why.
 */
public final class KillSwitchTask extends CheckedTask {

    private static final Set<String> ACTIONS = Set.of("engage", "clear");
    /** {@code feature_overrides.reason} and {@code changed_by} (V1__foundation.sql). */
    public static final int MAX_REASON = 1000;
    public static final int MAX_BY = 128;

    private final KillSwitch killSwitch;

    public KillSwitchTask(KillSwitch killSwitch) {
        super("kill-switch");
        this.killSwitch = killSwitch;
    }

    @Override
    public Optional<String> problem(Map<String, List<String>> parameters) {
        Optional<String> action = parameter(parameters, "action");
        if (action.isEmpty() || !ACTIONS.contains(action.get())) {
            return Optional.of("action must be engage or clear, got '" + action.orElse("") + "'");
        }
        Optional<String> reason = parameter(parameters, "reason");
        if (reason.isEmpty()) {
            return Optional.of("a reason is required (reason=...)");
        }
        // The columns of feature_overrides: refused here with the limit, not by the database with its SQL.
        if (reason.get().length() > MAX_REASON) {
            return Optional.of("reason is longer than " + MAX_REASON + " characters");
        }
        if (parameter(parameters, "by").map(String::length).orElse(0) > MAX_BY) {
            return Optional.of("by is longer than " + MAX_BY + " characters");
        }
        return Optional.empty();
    }

    @Override
    protected void run(Map<String, List<String>> parameters, PrintWriter output) {
        String reason = parameter(parameters, "reason").orElseThrow();
        String by = parameter(parameters, "by").orElse("admin-task");
        if ("engage".equals(parameter(parameters, "action").orElseThrow())) {
            killSwitch.engage(reason, by);
            output.println("kill switch engaged: LLM validation is no longer skipped on any instance");
        } else {
            killSwitch.clear(reason, by);
            output.println("kill switch cleared: skipping follows the flag again");
        }
    }
}
