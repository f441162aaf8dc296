package com.pitcrew.rollout;

import com.codahale.metrics.health.HealthCheck;

/** {@code skip-kill-switch}: unhealthy while the kill switch is engaged, so it is seen until a person clears it. */
public final class KillSwitchHealthCheck extends HealthCheck {

    private final KillSwitch killSwitch;

    public KillSwitchHealthCheck(KillSwitch killSwitch) {
        this.killSwitch = killSwitch;
    }

    @Override
    protected Result check() {
        return killSwitch.state()
                .filter(KillSwitch.State::engaged)
                .map(state -> Result.builder().unhealthy()
                        .withMessage("kill switch engaged by " + state.changedBy() + ": " + state.reason())
                        .withDetail("changedAt", state.changedAtMillis())
                        .build())
                .orElseGet(() -> Result.healthy("kill switch clear; skipping follows flag " + SkipFlag.NAME));
    }
}
