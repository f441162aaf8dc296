package com.pitcrew.rollout;

import com.codahale.metrics.health.HealthCheck;

/** {@code skip-rollout-guard}: the cohort and shadow figures now, unhealthy when a rollback criterion fails. */
public final class RolloutGuardHealthCheck extends HealthCheck {

    private final RolloutGuard guard;

    public RolloutGuardHealthCheck(RolloutGuard guard) {
        this.guard = guard;
    }

    @Override
    protected Result check() {
        RolloutGuard.Evaluation evaluation = guard.evaluate();
        ResultBuilder builder = Result.builder();
        evaluation.asFields().forEach(builder::withDetail);
        return evaluation.trip()
                .map(reason -> builder.unhealthy().withMessage("rollback criterion failed: " + reason).build())
                .orElseGet(() -> builder.healthy().withMessage("within the rollback criteria").build());
    }
}
