package com.pitcrew.rollout;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Admin task {@code POST /tasks/kill-switch?action=engage|clear&reason=...&by=...}: stops (or resumes) skipping
 * LLM validation on every instance. A reason is required, so the audit trail says why.
 */
public final class KillSwitchTask extends Task {

    private final KillSwitch killSwitch;

    public KillSwitchTask(KillSwitch killSwitch) {
        super("kill-switch");
        this.killSwitch = killSwitch;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        String action = first(parameters, "action");
        String reason = first(parameters, "reason");
        String by = first(parameters, "by").isBlank() ? "admin-task" : first(parameters, "by");
        if (reason.isBlank()) {
            output.println("error: a reason is required (reason=...)");
            return;
        }
        switch (action) {
            case "engage" -> {
                killSwitch.engage(reason, by);
                output.println("kill switch engaged: LLM validation is no longer skipped on any instance");
            }
            case "clear" -> {
                killSwitch.clear(reason, by);
                output.println("kill switch cleared: skipping follows the flag again");
            }
            default -> output.println("error: action must be engage or clear, got '" + action + "'");
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).trim();
    }
}
