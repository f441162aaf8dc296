package com.pitcrew.intent;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/** The {@code intent} section: when a pattern match is trusted without the LLM, and when it is trusted at all. */
public final class IntentConfiguration {

    /** Skip LLM validation at or above this calibrated confidence (a flag variant may override it per user). */
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double skipThreshold = SkipThreshold.DEFAULT;

    /** With the LLM unavailable, the pattern's intent is used at or above this confidence; below, we ask to rephrase. */
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    @JsonProperty
    private double fallbackFloor = 0.5;

    public double getSkipThreshold() {
        return skipThreshold;
    }

    public void setSkipThreshold(double skipThreshold) {
        this.skipThreshold = skipThreshold;
    }

    public double getFallbackFloor() {
        return fallbackFloor;
    }

    public void setFallbackFloor(double fallbackFloor) {
        this.fallbackFloor = fallbackFloor;
    }
}
