package com.pitcrew.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.pitcrew.config.InvalidSettingException;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code airtable} section: where the product base lives and how the service keeps its copy current. No token
 * and no base means no Airtable: the service answers from the sample base shipped in the jar. Deliberately has no
 * {@code toString}: the token and the MAC secret must never reach a log line.
 */
@SelfValidating
public final class AirtableConfiguration {

    @NotNull
    @JsonProperty
    private String token = "";

    @NotNull
    @JsonProperty
    private String baseId = "";

    @NotBlank
    @JsonProperty
    private String apiUrl = "https://api.airtable.com";

    @NotNull
    @JsonProperty
    private String webhookId = "";

    @NotNull
    @JsonProperty
    private String webhookMacSecret = "";

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration snapshotMaxAge = Duration.hours(24);

    @NotNull
    @JsonProperty
    private Duration snapshotCacheTtl = Duration.seconds(5);

    @Min(1)
    @Max(50)
    @JsonProperty
    private int requestsPerSecond = 5;

    @NotNull
    @JsonProperty
    private Duration rateLimitPause = Duration.seconds(30);

    @Min(0)
    @Max(20)
    @JsonProperty
    private int rateLimitRetries = 5;

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration requestTimeout = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration catchUpInterval = Duration.hours(6);

    @NotNull
    @JsonProperty
    private Duration refreshBeforeExpiry = Duration.days(2);

    /** True when a token and a base are set: sync from Airtable rather than the shipped sample. */
    public boolean configured() {
        return !token.isBlank() && !baseId.isBlank();
    }

    /** True when webhook pings can be verified and their payloads fetched. */
    public boolean webhookConfigured() {
        return configured() && !webhookId.isBlank() && !webhookMacSecret.isBlank();
    }

    /** Runs {@link #validate()} when the configuration is loaded, so {@code check} refuses what the server would. */
    @SelfValidation
    public void validateAtLoad(ViolationCollector violations) {
        InvalidSettingException.collect(this::validate, violations);
    }

    /** Fails start-up with one line naming the variable when the settings cannot work together. */
    public void validate() {
        if (!token.isBlank() && baseId.isBlank()) {
            throw new InvalidSettingException("AIRTABLE_BASE_ID", "is empty but AIRTABLE_TOKEN is set");
        }
        if (token.isBlank() && !baseId.isBlank()) {
            throw new InvalidSettingException("AIRTABLE_TOKEN", "is empty but AIRTABLE_BASE_ID is set");
        }
        if (!webhookId.isBlank() && webhookMacSecret.isBlank()) {
            throw new InvalidSettingException("AIRTABLE_WEBHOOK_MAC_SECRET", "is empty but AIRTABLE_WEBHOOK_ID is set");
        }
        if (webhookId.isBlank() && !webhookMacSecret.isBlank()) {
            throw new InvalidSettingException("AIRTABLE_WEBHOOK_ID", "is empty but AIRTABLE_WEBHOOK_MAC_SECRET is set");
        }
        if (!webhookId.isBlank() && !configured()) {
            throw new InvalidSettingException("AIRTABLE_TOKEN", "is needed to fetch webhook payloads");
        }
        if (!webhookMacSecret.isBlank()) {
            try {
                Base64.getDecoder().decode(webhookMacSecret.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("AIRTABLE_WEBHOOK_MAC_SECRET",
                        "is not base64 (use the macSecretBase64 Airtable returned when the webhook was created)");
            }
        }
        URI uri;
        try {
            uri = URI.create(apiUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("AIRTABLE_API_URL", "is not a URL: " + apiUrl);
        }
        if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new InvalidSettingException("AIRTABLE_API_URL", "must be an http(s) URL with a host: " + apiUrl);
        }
    }

    public Optional<String> token() {
        return token.isBlank() ? Optional.empty() : Optional.of(token.strip());
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getBaseId() {
        return baseId.strip();
    }

    public void setBaseId(String baseId) {
        this.baseId = baseId;
    }

    public URI apiUri() {
        String trimmed = apiUrl.strip();
        return URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public Optional<String> webhookId() {
        return webhookId.isBlank() ? Optional.empty() : Optional.of(webhookId.strip());
    }

    public void setWebhookId(String webhookId) {
        this.webhookId = webhookId;
    }

    /** The decoded MAC key; empty when unset. Call {@link #validate()} first. */
    public Optional<byte[]> webhookMacKey() {
        return webhookMacSecret.isBlank() ? Optional.empty()
                : Optional.of(Base64.getDecoder().decode(webhookMacSecret.strip()));
    }

    public void setWebhookMacSecret(String webhookMacSecret) {
        this.webhookMacSecret = webhookMacSecret;
    }

    public java.time.Duration snapshotMaxAge() {
        return snapshotMaxAge.toJavaDuration();
    }

    public java.time.Duration snapshotCacheTtl() {
        return snapshotCacheTtl.toJavaDuration();
    }

    public void setSnapshotCacheTtl(Duration snapshotCacheTtl) {
        this.snapshotCacheTtl = snapshotCacheTtl;
    }

    public int getRequestsPerSecond() {
        return requestsPerSecond;
    }

    public java.time.Duration rateLimitPause() {
        return rateLimitPause.toJavaDuration();
    }

    public void setRateLimitPause(Duration rateLimitPause) {
        this.rateLimitPause = rateLimitPause;
    }

    public int getRateLimitRetries() {
        return rateLimitRetries;
    }

    public java.time.Duration requestTimeout() {
        return requestTimeout.toJavaDuration();
    }

    public java.time.Duration catchUpInterval() {
        return catchUpInterval.toJavaDuration();
    }

    public java.time.Duration refreshBeforeExpiry() {
        return refreshBeforeExpiry.toJavaDuration();
    }
}
