package com.pitcrew.rollout;

import com.codahale.metrics.health.HealthCheck;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code skip-rule-breakers}: refreshes rule trust (so a breaker trips even between scheduled refreshes) and is
 * unhealthy while any rule's breaker is open, naming the rules and the figures that tripped them.
 */
public final class RuleBreakerHealthCheck extends HealthCheck {

    private final RuleTrustMonitor monitor;

    public RuleBreakerHealthCheck(RuleTrustMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    protected Result check() {
        List<RuleBreakerStore.Breaker> open = monitor.refresh().open();
        if (open.isEmpty()) {
            return Result.healthy("no rule breaker open");
        }
        ResultBuilder builder = Result.builder().unhealthy()
                .withMessage("rule breaker open for " + open.stream().map(RuleBreakerStore.Breaker::ruleId)
                        .collect(Collectors.joining(", ")) + ": these rules no longer skip LLM validation");
        open.forEach(breaker -> builder.withDetail(breaker.ruleId(), breaker.reason()));
        return builder.build();
    }
}
