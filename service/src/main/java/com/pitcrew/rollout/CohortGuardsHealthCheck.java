package com.pitcrew.rollout;

import com.codahale.metrics.health.HealthCheck;
import java.util.Locale;

/**
 * {@code skip-cohort-guards}: the latency and feedback guards' verdicts now, each with its rule and figures.
 * Unhealthy when the feedback guard trips; a latency warning keeps it healthy but says so in the message.
 */
public final class CohortGuardsHealthCheck extends HealthCheck {

    private final CohortGuards guards;

    public CohortGuardsHealthCheck(CohortGuards guards) {
        this.guards = guards;
    }

    @Override
    protected Result check() {
        CohortGuards.Evaluation evaluation = guards.evaluate();
        ResultBuilder builder = Result.builder();
        for (CohortGuards.Verdict verdict : evaluation.verdicts()) {
            builder.withDetail(verdict.guard(), CohortGuards.fields(verdict));
        }
        if (evaluation.feedback().status() == CohortGuards.Status.TRIPPED) {
            return builder.unhealthy().withMessage("rollback criterion failed: feedback guard: "
                    + evaluation.feedback().figures()).build();
        }
        String latency = evaluation.latency().status().name().toLowerCase(Locale.ROOT);
        return builder.healthy().withMessage(evaluation.latency().status() == CohortGuards.Status.WARNING
                ? "warning: skipped requests are no faster than validated ones (" + evaluation.latency().figures()
                        + ")" : "latency " + latency + ", feedback "
                        + evaluation.feedback().status().name().toLowerCase(Locale.ROOT)).build();
    }
}
