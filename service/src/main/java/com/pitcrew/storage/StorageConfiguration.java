package com.pitcrew.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.pitcrew.config.InvalidSettingException;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;

/** The {@code database} section: where the data lives and whether migrations run at start. */
@SelfValidating
public final class StorageConfiguration {

    /** H2's own default user, for an embedded database when neither DATABASE_USER nor the URL names one. */
    private static final String H2_DEFAULT_USER = "sa";

    @NotBlank
    @JsonProperty
    private String url = "jdbc:h2:file:./data/pitcrew";

    /** Empty: the user the URL names, else {@code sa} on H2. */
    @NotNull
    @JsonProperty
    private String user = "";

    @NotNull
    @JsonProperty
    private String password = "";

    @JsonProperty
    private boolean migrateOnStart = true;

    @Min(1)
    @Max(200)
    @JsonProperty
    private int maxPoolSize = 16;

    @NotNull
    @JsonProperty
    private Duration connectTimeout = Duration.seconds(5);

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }

    public void setMigrateOnStart(boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
    }

    public int getMaxPoolSize() {
        return maxPoolSize;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** True when only this process can open the database (embedded H2): see {@link DatabaseUrl#exclusive()}. */
    public boolean isExclusive() {
        return DatabaseUrl.parse(url).exclusive();
    }

    /** Checked at load, so {@code check} and every command refuse an unusable URL or a contradictory user. */
    @SelfValidation
    public void validateAtLoad(ViolationCollector violations) {
        InvalidSettingException.collect(() -> effectiveUser(DatabaseUrl.parse(url)), violations);
    }

    /**
     * The user to log in as; empty: the one the URL names, which a separate user setting would override (a
     * DATABASE_USER default once turned {@code mysql://app@db} into "Access denied for user 'sa'").
     */
    private Optional<String> effectiveUser(DatabaseUrl parsed) {
        Optional<String> inUrl = parsed.user();
        String configured = user.strip();
        if (configured.isEmpty()) {
            if (inUrl.isPresent()) {
                return Optional.empty();
            }
            if (parsed.kind() == DatabaseUrl.Kind.H2) {
                return Optional.of(H2_DEFAULT_USER);
            }
            throw new InvalidSettingException("DATABASE_USER", "is empty and DATABASE_URL names no user");
        }
        if (inUrl.isPresent() && !inUrl.get().equals(configured)) {
            throw new InvalidSettingException("DATABASE_USER", "is '" + configured + "' but DATABASE_URL names user '"
                    + inUrl.get() + "'; set one of them");
        }
        return Optional.of(configured);
    }

    /** Builds the pooled data source settings, failing with a message that names DATABASE_URL when the URL is unusable. */
    public DataSourceFactory toDataSourceFactory() {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass(parsed.driverClass());
        factory.setUrl(parsed.jdbcUrl());
        // Left unset (null), the pool passes no user or password, and the driver takes the URL's own.
        factory.setUser(effectiveUser(parsed).orElse(null));
        factory.setPassword(password.isEmpty() && parsed.hasPassword() ? null : password);
        factory.setMaxSize(maxPoolSize);
        factory.setMinSize(1);
        factory.setInitialSize(1);
        factory.setValidationQuery("SELECT 1");
        factory.setCheckConnectionOnBorrow(true);
        factory.setMaxWaitForConnection(connectTimeout);
        factory.setProperties(parsed.connectionProperties(connectTimeout));
        return factory;
    }
}
