package com.pitcrew.llm;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import com.pitcrew.config.InvalidSettingException;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import java.net.URI;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The {@code llm} section: an OpenAI-compatible chat completions endpoint. No API key means no LLM. */
@SelfValidating
public final class LlmConfiguration {

    @NotNull
    @JsonProperty
    private String apiKey = "";

    @NotBlank
    @JsonProperty
    private String baseUrl = "https://api.openai.com/v1";

    @NotBlank
    @JsonProperty
    private String model = "gpt-4o-mini";

    @NotNull
    @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration timeout = Duration.seconds(2);

    /** The issue allows one retry at most: a slow LLM must not double the user's wait twice over. */
    @Min(0)
    @Max(1)
    @JsonProperty
    private int maxRetries = 1;

    @Min(1)
    @Max(100)
    @JsonProperty
    private int circuitFailureRatePercent = 50;

    @Min(1)
    @Max(1000)
    @JsonProperty
    private int circuitMinimumCalls = 5;

    @NotNull
    @JsonProperty
    private Duration circuitOpenFor = Duration.seconds(30);

    /** Checked at load (so {@code check} and every command refuse it too), with or without an API key. */
    @SelfValidation
    public void validateAtLoad(ViolationCollector violations) {
        InvalidSettingException.collect(this::validate, violations);
    }

    /**
     * The client only appends {@code chat/completions} to the base URL, so one without {@code /v1} answers 404 on
     * every call; and it throws at build time on a URL without a scheme or with an underscore in the host.
     */
    void validate() {
        String trimmed = baseUrl.strip();
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("OPENAI_BASE_URL", "is not a URL: " + trimmed);
        }
        if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new InvalidSettingException("OPENAI_BASE_URL", "must be an http(s) URL with a host: " + trimmed);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.endsWith("/v1") && !path.endsWith("/v1/")) {
            throw new InvalidSettingException("OPENAI_BASE_URL", "must end in /v1 (the client appends "
                    + "chat/completions), e.g. https://api.openai.com/v1: " + trimmed);
        }
    }

    /** LLM calls in flight at most (the provider's concurrency or rate limit); more wait up to bulkheadWait. */
    @Min(1)
    @Max(4096)
    @JsonProperty
    private int maxConcurrent = 256;

    /** How long a user-path call waits for the bulkhead before it is answered as unavailable ({@code busy}). */
    @NotNull
    @JsonProperty
    private Duration bulkheadWait = Duration.seconds(5);

    public Optional<String> apiKey() {
        return apiKey == null || apiKey.isBlank() ? Optional.empty() : Optional.of(apiKey.trim());
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getModel() {
        return model;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public int getCircuitFailureRatePercent() {
        return circuitFailureRatePercent;
    }

    public int getCircuitMinimumCalls() {
        return circuitMinimumCalls;
    }

    public void setCircuitMinimumCalls(int circuitMinimumCalls) {
        this.circuitMinimumCalls = circuitMinimumCalls;
    }

    public int getMaxConcurrent() {
        return maxConcurrent;
    }

    public void setMaxConcurrent(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public Duration getBulkheadWait() {
        return bulkheadWait;
    }

    public Duration getCircuitOpenFor() {
        return circuitOpenFor;
    }

    public void setCircuitOpenFor(Duration circuitOpenFor) {
        this.circuitOpenFor = circuitOpenFor;
    }
}
