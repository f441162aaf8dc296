package com.pitcrew.retention;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code retention} section: how long each growing table keeps its rows, and how the purge runs. Every period
 * is at least a day (Slack retries an event for minutes, so an inbox row must outlive them to stay a duplicate);
 * {@code PitCrewConfiguration} checks at load that the periods also cover the guards' windows.
 */
public final class RetentionConfiguration {

    /** Answered and failed Slack events: the user's text and our reply. Pending rows are never purged. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration inbox = Duration.days(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration interactions = Duration.days(90);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration feedback = Duration.days(90);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration shadowValidations = Duration.days(90);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration productionLabels = Duration.days(90);

    /** What a Slack thread remembers of its last answer; a follow-up after this long is read alone. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty
    private Duration threadContext = Duration.days(7);

    /** How often the scheduled purge runs on each instance (the task runs it at once). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration purgeInterval = Duration.hours(1);

    /** Rows one DELETE removes at most: each statement holds its locks only this long. */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int batchSize = 1000;

    /** Batches per table in one run at most; what is left waits for the next run. */
    @Min(1)
    @Max(1_000_000)
    @JsonProperty
    private int maxBatchesPerRun = 100;

    public Duration getInbox() {
        return inbox;
    }

    public void setInbox(Duration inbox) {
        this.inbox = inbox;
    }

    public Duration getInteractions() {
        return interactions;
    }

    public void setInteractions(Duration interactions) {
        this.interactions = interactions;
    }

    public Duration getFeedback() {
        return feedback;
    }

    public void setFeedback(Duration feedback) {
        this.feedback = feedback;
    }

    public Duration getShadowValidations() {
        return shadowValidations;
    }

    public void setShadowValidations(Duration shadowValidations) {
        this.shadowValidations = shadowValidations;
    }

    public Duration getProductionLabels() {
        return productionLabels;
    }

    public void setProductionLabels(Duration productionLabels) {
        this.productionLabels = productionLabels;
    }

    public Duration getThreadContext() {
        return threadContext;
    }

    public void setThreadContext(Duration threadContext) {
        this.threadContext = threadContext;
    }

    public Duration getPurgeInterval() {
        return purgeInterval;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getMaxBatchesPerRun() {
        return maxBatchesPerRun;
    }

    public void setMaxBatchesPerRun(int maxBatchesPerRun) {
        this.maxBatchesPerRun = maxBatchesPerRun;
    }
}
