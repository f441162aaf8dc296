package com.pitcrew.slack;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code slack} section: credentials, the Web API base URL and the inbox worker. Without both the signing secret
 * and the bot token, Slack is off: {@code /slack/events} answers 503 and the rest of the service runs.
 */
public final class SlackConfiguration {

    @NotNull
    @JsonProperty
    private String signingSecret = "";

    @NotNull
    @JsonProperty
    private String botToken = "";

    @NotBlank
    @JsonProperty
    private String apiUrl = "https://slack.com/api/";

    @Valid
    @NotNull
    @JsonProperty
    private StreamingConfiguration streaming = new StreamingConfiguration();

    /**
     * Threads of the LLM lane: requests that wait on the LLM, each holding one while it waits (the LLM bulkhead,
     * not this, bounds what they cost). 0 stores and acknowledges events but answers none here (another instance,
     * or a later start, does).
     */
    @Min(0)
    @Max(4096)
    @JsonProperty
    private int workers = 512;

    /** Threads of the fast lane: the progress reaction, the pipeline's first half, and requests needing no LLM call. */
    @Min(1)
    @Max(1024)
    @JsonProperty
    private int fastWorkers = 16;

    /** Slack Web API calls in flight at most, whatever the number of workers. */
    @Min(1)
    @Max(1024)
    @JsonProperty
    private int apiMaxConcurrent = 32;

    /** Events waiting (unclaimed, or claimed and queued for a lane) beyond which a new event gets the busy notice. */
    @Min(1)
    @JsonProperty
    private int busyBacklog = 500;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration pollInterval = Duration.seconds(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration lease = Duration.minutes(2);

    /**
     * A name unique to this instance that survives its restarts (a StatefulSet pod name, a host name): a restarted
     * instance takes back at once the events its previous run held, instead of waiting out their lease. Empty: on
     * a shared database only the lease frees them.
     */
    @NotNull
    @Size(max = 40)
    @Pattern(regexp = "[A-Za-z0-9.-]*",
            message = "may hold only letters, digits, '.' and '-'")
    @JsonProperty
    private String instanceId = "";

    @Min(1)
    @Max(20)
    @JsonProperty
    private int maxAttempts = 4;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration retryBackoff = Duration.seconds(5);

    @NotNull
    @JsonProperty
    private Duration stuckAfter = Duration.minutes(5);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration apiTimeout = Duration.seconds(10);

    /** Both secrets, or nothing: half a configuration is as unusable as none. */
    Optional<Credentials> credentials() {
        if (signingSecret == null || signingSecret.isBlank() || botToken == null || botToken.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(signingSecret.trim(), botToken.trim()));
    }

    /** The signing secret alone (SLACK_SIGNING_SECRET): what the smoke check signs its events with. */
    public Optional<String> signingSecret() {
        return signingSecret == null || signingSecret.isBlank() ? Optional.empty() : Optional.of(signingSecret.trim());
    }

    /** The secrets; {@link #toString()} keeps them out of any log line or exception message. */
    record Credentials(String signingSecret, String botToken) {
        @Override
        public String toString() {
            return "Credentials[***]";
        }
    }

    String apiUrl() {
        return apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    }

    public void setSigningSecret(String signingSecret) {
        this.signingSecret = signingSecret;
    }

    public void setBotToken(String botToken) {
        this.botToken = botToken;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public int getWorkers() {
        return workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    public int getFastWorkers() {
        return fastWorkers;
    }

    public int getApiMaxConcurrent() {
        return apiMaxConcurrent;
    }

    public int getBusyBacklog() {
        return busyBacklog;
    }

    public void setBusyBacklog(int busyBacklog) {
        this.busyBacklog = busyBacklog;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public Duration getLease() {
        return lease;
    }

    public Optional<String> getInstanceId() {
        return instanceId.isBlank() ? Optional.empty() : Optional.of(instanceId);
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId == null ? "" : instanceId;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public Duration getStuckAfter() {
        return stuckAfter;
    }

    public Duration getApiTimeout() {
        return apiTimeout;
    }

    public StreamingConfiguration getStreaming() {
        return streaming;
    }
}
