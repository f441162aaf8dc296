package com.pitcrew.rollout;

import com.pitcrew.admin.CheckedTask;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admin task {@code POST /tasks/rule-breaker?rule=ID&action=clear&by=NAME&reason=...}: lets a rule whose breaker
 * tripped skip again, on every instance. Only a person clears a breaker, so who and why are required; from then on
 * only labels newer than the clear judge the rule.
 */
public final class RuleBreakerTask extends CheckedTask {

    private final RuleTrustMonitor monitor;
    private final RuleBreakerStore breakers;

    public RuleBreakerTask(RuleTrustMonitor monitor, RuleBreakerStore breakers) {
        super("rule-breaker");
        this.monitor = monitor;
        this.breakers = breakers;
    }

    @Override
    public Optional<String> problem(Map<String, List<String>> parameters) {
        Optional<String> action = parameter(parameters, "action");
        if (action.isEmpty() || !"clear".equals(action.get())) {
            return Optional.of("action must be clear, got '" + action.orElse("") + "'");
        }
        Optional<String> rule = parameter(parameters, "rule");
        if (rule.isEmpty()) {
            return Optional.of("a rule is required (rule=...)");
        }
        if (parameter(parameters, "by").isEmpty()) {
            return Optional.of("say who clears it (by=...)");
        }
        if (parameter(parameters, "reason").isEmpty()) {
            return Optional.of("a reason is required (reason=...)");
        }
        if (breakers.find(rule.get()).filter(RuleBreakerStore.Breaker::tripped).isEmpty()) {
            return Optional.of("rule '" + rule.get() + "' has no open breaker");
        }
        return Optional.empty();
    }

    @Override
    protected void run(Map<String, List<String>> parameters, PrintWriter output) {
        String rule = parameter(parameters, "rule").orElseThrow();
        if (monitor.clear(rule, parameter(parameters, "reason").orElseThrow(),
                parameter(parameters, "by").orElseThrow())) {
            output.println("rule breaker cleared for " + rule + ": it skips again, judged on labels from now on");
        } else {
            // Cleared by someone else between the check and now.
            output.println("rule '" + rule + "' has no open breaker");
        }
    }
}
