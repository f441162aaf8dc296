package com.pitcrew.rollout;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The {@code rollout} section: the kill switch's freshness, shadow validation and the rollback criteria. */
public final class RolloutConfiguration {

    /** Share of skipped requests validated in the background. */
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double shadowSampleRate = 0.1;

    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int shadowQueueSize = 200;

    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double minShadowPrecision = 0.85;

    @Min(1)
    @JsonProperty
    private long minShadowSamples = 20;

    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double maxErrorRateIncrease = 0.10;

    @Min(1)
    @JsonProperty
    private long minCohortRequests = 20;

    @NotNull
    @JsonProperty
    private Duration guardWindow = Duration.hours(1);

    @NotNull
    @JsonProperty
    private Duration guardInterval = Duration.minutes(1);

    @NotNull
    @JsonProperty
    private Duration killSwitchRefresh = Duration.seconds(5);

    public double getShadowSampleRate() {
        return shadowSampleRate;
    }

    public void setShadowSampleRate(double shadowSampleRate) {
        this.shadowSampleRate = shadowSampleRate;
    }

    public int getShadowQueueSize() {
        return shadowQueueSize;
    }

    public RolloutGuard.Criteria criteria() {
        return new RolloutGuard.Criteria(minShadowPrecision, minShadowSamples, maxErrorRateIncrease,
                minCohortRequests, guardWindow.toJavaDuration(),
                guardInterval.toJavaDuration());
    }

    public Duration getKillSwitchRefresh() {
        return killSwitchRefresh;
    }

    public void setKillSwitchRefresh(Duration killSwitchRefresh) {
        this.killSwitchRefresh = killSwitchRefresh;
    }
}
