package com.pitcrew.rollout;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;

/** The {@code unleash} section: a server when {@code url} is set, else offline from the bootstrap file. */
public final class UnleashConfiguration {

    @NotNull
    @JsonProperty
    private String url = "";

    @NotNull
    @JsonProperty
    private String apiToken = "";

    @NotBlank
    @JsonProperty
    private String appName = "pitcrew";

    @NotBlank
    @JsonProperty
    private String environment = "development";

    @NotBlank
    @JsonProperty
    private String bootstrapFile = "unleash/bootstrap.json";

    @NotBlank
    @JsonProperty
    private String backupFile = "./data/unleash-backup.json";

    @NotNull
    @JsonProperty
    private Duration fetchInterval = Duration.seconds(10);

    public Optional<String> url() {
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.trim());
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Optional<String> apiToken() {
        return apiToken == null || apiToken.isBlank() ? Optional.empty() : Optional.of(apiToken.trim());
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }

    public String getAppName() {
        return appName;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getBootstrapFile() {
        return bootstrapFile;
    }

    public void setBootstrapFile(String bootstrapFile) {
        this.bootstrapFile = bootstrapFile;
    }

    public String getBackupFile() {
        return backupFile;
    }

    public void setBackupFile(String backupFile) {
        this.backupFile = backupFile;
    }

    public Duration getFetchInterval() {
        return fetchInterval;
    }

    public void setFetchInterval(Duration fetchInterval) {
        this.fetchInterval = fetchInterval;
    }
}
