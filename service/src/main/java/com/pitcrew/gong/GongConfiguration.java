package com.pitcrew.gong;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.pitcrew.config.InvalidSettingException;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code gong} section: the Gong call-recording connector. No access key and secret means no connector: the
 * service says so in its log and the {@code gong} health check, and {@code sync-gong} refuses to run. Deliberately
 * has no {@code toString}: the secret must never reach a log line.
 */
@SelfValidating
public final class GongConfiguration {

    @NotNull
    @JsonProperty
    private String accessKey = "";

    @NotNull
    @JsonProperty
    private String accessKeySecret = "";

    @NotBlank
    @JsonProperty
    private String baseUrl = "https://api.gong.io";

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration syncInterval = Duration.hours(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration initialLookback = Duration.days(90);

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 30, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration overlap = Duration.days(1);

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 30, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration transcriptWait = Duration.days(2);

    @Min(1)
    @Max(100)
    @JsonProperty
    private int requestsPerSecond = 3;

    @Min(0)
    @Max(20)
    @JsonProperty
    private int rateLimitRetries = 5;

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration rateLimitPause = Duration.seconds(10);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty
    private Duration maxRetryAfter = Duration.minutes(2);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration requestTimeout = Duration.seconds(30);

    /** True when both halves of the access key are set. */
    public boolean configured() {
        return !accessKey.isBlank() && !accessKeySecret.isBlank();
    }

    /** Runs {@link #validate()} when the configuration is loaded, so {@code check} refuses what the server would. */
    @SelfValidation
    public void validateAtLoad(ViolationCollector violations) {
        InvalidSettingException.collect(this::validate, violations);
    }

    /** Fails start-up with one line naming the variable when the settings cannot work together. */
    public void validate() {
        if (!accessKey.isBlank() && accessKeySecret.isBlank()) {
            throw new InvalidSettingException("GONG_ACCESS_KEY_SECRET", "is empty but GONG_ACCESS_KEY is set");
        }
        if (accessKey.isBlank() && !accessKeySecret.isBlank()) {
            throw new InvalidSettingException("GONG_ACCESS_KEY", "is empty but GONG_ACCESS_KEY_SECRET is set");
        }
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("GONG_BASE_URL", "is not a URL: " + baseUrl);
        }
        if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new InvalidSettingException("GONG_BASE_URL", "must be an http(s) URL with a host: " + baseUrl);
        }
    }

    Optional<String> accessKey() {
        return accessKey.isBlank() ? Optional.empty() : Optional.of(accessKey.strip());
    }

    Optional<String> accessKeySecret() {
        return accessKeySecret.isBlank() ? Optional.empty() : Optional.of(accessKeySecret.strip());
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public void setAccessKeySecret(String accessKeySecret) {
        this.accessKeySecret = accessKeySecret;
    }

    /** The API root without a trailing slash. */
    public URI baseUri() {
        String trimmed = baseUrl.strip();
        return URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** How often the service catches up on its own; zero: only the command and the task sync. */
    public java.time.Duration syncInterval() {
        return syncInterval.toJavaDuration();
    }

    public void setSyncInterval(Duration syncInterval) {
        this.syncInterval = syncInterval;
    }

    public java.time.Duration initialLookback() {
        return initialLookback.toJavaDuration();
    }

    public void setInitialLookback(Duration initialLookback) {
        this.initialLookback = initialLookback;
    }

    public java.time.Duration overlap() {
        return overlap.toJavaDuration();
    }

    public void setOverlap(Duration overlap) {
        this.overlap = overlap;
    }

    public java.time.Duration transcriptWait() {
        return transcriptWait.toJavaDuration();
    }

    public void setTranscriptWait(Duration transcriptWait) {
        this.transcriptWait = transcriptWait;
    }

    public int requestsPerSecond() {
        return requestsPerSecond;
    }

    public void setRequestsPerSecond(int requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
    }

    public int rateLimitRetries() {
        return rateLimitRetries;
    }

    public void setRateLimitRetries(int rateLimitRetries) {
        this.rateLimitRetries = rateLimitRetries;
    }

    public java.time.Duration rateLimitPause() {
        return rateLimitPause.toJavaDuration();
    }

    public void setRateLimitPause(Duration rateLimitPause) {
        this.rateLimitPause = rateLimitPause;
    }

    public java.time.Duration maxRetryAfter() {
        return maxRetryAfter.toJavaDuration();
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public java.time.Duration requestTimeout() {
        return requestTimeout.toJavaDuration();
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }
}
