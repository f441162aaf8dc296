package com.pitcrew.rollout;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code rollout} section: the kill switch's freshness, shadow validation, the rollback criteria, production
 * labels and per-rule trust.
 */
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

    /**
     * Shadow validations in flight at once. Each waits ~850 ms on the LLM: 16 keep up with 20 skipped samples a
     * second (200 events/s at a 10 % sample and a skip share near one), the guard's evidence at the target rate.
     */
    @Min(1)
    @Max(1024)
    @JsonProperty
    private int shadowConcurrency = 16;

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

    /** Production labels waiting for the database at most; beyond, a label is dropped (counted). */
    @Min(1)
    @Max(1_000_000)
    @JsonProperty
    private int labelQueueSize = 1000;

    /** How far back a rule's production agreement with the LLM reaches. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration ruleTrustWindow = Duration.days(7);

    /** Skip-grade labels a rule needs before production trust lowers its confidence or trips its breaker. */
    @Min(1)
    @JsonProperty
    private long ruleTrustMinSamples = 30;

    /** How often each instance re-reads rule trust and the breakers from the database. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration ruleTrustRefresh = Duration.seconds(30);

    /** Latency guard: requests each of skipped and validated needs before their p50s are compared. */
    @Min(1)
    @JsonProperty
    private long minLatencySamples = 20;

    /** Feedback guard: 👍/👎 reactions each of skipped and validated answers needs before they are compared. */
    @Min(1)
    @JsonProperty
    private long minFeedbackSamples = 20;

    /** Feedback guard: how much higher the 👎 share on skipped answers may be than on validated ones. */
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double maxThumbsDownIncrease = 0.10;

    /** The latency and feedback guards, over the rollout guard's window and on its schedule. */
    public CohortGuards.Settings cohortGuards() {
        return new CohortGuards.Settings(minLatencySamples, minFeedbackSamples, maxThumbsDownIncrease,
                guardWindow.toJavaDuration(), guardInterval.toJavaDuration());
    }

    public double getShadowSampleRate() {
        return shadowSampleRate;
    }

    public void setShadowSampleRate(double shadowSampleRate) {
        this.shadowSampleRate = shadowSampleRate;
    }

    public int getShadowQueueSize() {
        return shadowQueueSize;
    }

    public int getShadowConcurrency() {
        return shadowConcurrency;
    }

    public RolloutGuard.Criteria criteria() {
        return new RolloutGuard.Criteria(minShadowPrecision, minShadowSamples, maxErrorRateIncrease,
                minCohortRequests, guardWindow.toJavaDuration(),
                guardInterval.toJavaDuration());
    }

    public Duration getGuardWindow() {
        return guardWindow;
    }

    public Duration getRuleTrustWindow() {
        return ruleTrustWindow;
    }

    public int getLabelQueueSize() {
        return labelQueueSize;
    }

    /** Per-rule trust judged against {@code skipThreshold}, the configured one (flag variants do not move it). */
    public RuleTrustMonitor.Settings ruleTrust(double skipThreshold) {
        return new RuleTrustMonitor.Settings(skipThreshold, ruleTrustWindow.toJavaDuration(), ruleTrustMinSamples,
                ruleTrustRefresh.toJavaDuration());
    }

    public void setRuleTrustMinSamples(long ruleTrustMinSamples) {
        this.ruleTrustMinSamples = ruleTrustMinSamples;
    }

    public Duration getKillSwitchRefresh() {
        return killSwitchRefresh;
    }

    public void setKillSwitchRefresh(Duration killSwitchRefresh) {
        this.killSwitchRefresh = killSwitchRefresh;
    }
}
