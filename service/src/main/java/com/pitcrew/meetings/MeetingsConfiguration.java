package com.pitcrew.meetings;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code meetings} section: importing calls, how each instance keeps its search index current and how big the
 * index may grow. Deliberately has no {@code toString}: the import token must never reach a log line.
 */
public final class MeetingsConfiguration {

    @NotNull
    @JsonProperty
    private String importToken = "";

    @NotNull
    @MinDataSize(value = 1, unit = io.dropwizard.util.DataSizeUnit.KIBIBYTES)
    @JsonProperty
    private DataSize maxImportSize = DataSize.mebibytes(5);

    @NotNull
    @JsonProperty
    private List<String> internalDomains = List.of();

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration refreshInterval = Duration.seconds(2);

    @Min(1)
    @Max(1_000_000)
    @JsonProperty
    private int maxIndexedCalls = 20_000;

    /** The bearer token {@code POST /meetings} requires; empty when imports over HTTP are off. */
    public Optional<String> importToken() {
        return importToken.isBlank() ? Optional.empty() : Optional.of(importToken.strip());
    }

    public void setImportToken(String importToken) {
        this.importToken = importToken;
    }

    public long maxImportBytes() {
        return maxImportSize.toBytes();
    }

    public void setMaxImportSize(DataSize maxImportSize) {
        this.maxImportSize = maxImportSize;
    }

    /** Our own e-mail domains, lowercase: attendees with these are our team, everyone else the customer's. */
    public List<String> internalDomains() {
        return internalDomains.stream().map(domain -> domain.strip().toLowerCase(Locale.ROOT))
                .filter(domain -> !domain.isEmpty()).toList();
    }

    public void setInternalDomains(List<String> internalDomains) {
        this.internalDomains = List.copyOf(internalDomains);
    }

    public java.time.Duration refreshInterval() {
        return refreshInterval.toJavaDuration();
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    public int maxIndexedCalls() {
        return maxIndexedCalls;
    }

    public void setMaxIndexedCalls(int maxIndexedCalls) {
        this.maxIndexedCalls = maxIndexedCalls;
    }
}
