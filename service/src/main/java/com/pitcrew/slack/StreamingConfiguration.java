package com.pitcrew.slack;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code slack.streaming} section: whether answers the LLM writes stream into the thread
 * ({@code chat.startStream} / {@code appendStream} / {@code stopStream}) and how appends are paced to stay inside
 * Slack's rate tier for {@code chat.appendStream} (Tier 4, about 100 a minute per workspace).
 */
public final class StreamingConfiguration {

    @JsonProperty
    private boolean enabled = true;

    /** At most one append per stream this often; text written meanwhile goes with the next one. */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration appendEvery = Duration.seconds(1);

    /** Appends this instance makes per minute at most, all streams together; beyond it text waits for the stop. */
    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int appendsPerMinute = 80;

    /**
     * Streams this instance opens per minute at most; past it answers are posted whole. A stream costs a commit and
     * a Slack call more than a post: this keeps a burst from spending on streams what the queue needs.
     */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int opensPerMinute = 1200;

    /**
     * Streams only while this instance works on at most this many events at once; past it answers are posted whole.
     * Shed before the queue grows: at the bench's ceiling the instance holds hundreds, at 20 events/s about 30.
     */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int maxInFlight = 64;

    /**
     * An answer that waited longer than this before it was worked on is posted whole: the instance is behind, and a
     * stream costs a commit and a Slack call more than a post.
     */
    @NotNull
    @JsonProperty
    private Duration maxQueueWait = Duration.milliseconds(250);

    /** After Slack refuses to open a stream (the method or scope is not there), answers are posted whole this long. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration pauseAfterRefusal = Duration.minutes(10);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getAppendEvery() {
        return appendEvery;
    }

    public void setAppendEvery(Duration appendEvery) {
        this.appendEvery = appendEvery;
    }

    public int getAppendsPerMinute() {
        return appendsPerMinute;
    }

    public void setAppendsPerMinute(int appendsPerMinute) {
        this.appendsPerMinute = appendsPerMinute;
    }

    public int getOpensPerMinute() {
        return opensPerMinute;
    }

    public void setOpensPerMinute(int opensPerMinute) {
        this.opensPerMinute = opensPerMinute;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public Duration getMaxQueueWait() {
        return maxQueueWait;
    }

    public void setMaxQueueWait(Duration maxQueueWait) {
        this.maxQueueWait = maxQueueWait;
    }

    public Duration getPauseAfterRefusal() {
        return pauseAfterRefusal;
    }
}
