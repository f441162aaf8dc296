package com.pitcrew.rollout;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** The {@code rollout} section: how fresh every instance's view of the kill switch is. */
public final class RolloutConfiguration {

    @NotNull
    @JsonProperty
    private Duration killSwitchRefresh = Duration.seconds(5);

    public Duration getKillSwitchRefresh() {
        return killSwitchRefresh;
    }

    public void setKillSwitchRefresh(Duration killSwitchRefresh) {
        this.killSwitchRefresh = killSwitchRefresh;
    }
}
