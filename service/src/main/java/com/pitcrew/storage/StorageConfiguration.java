package com.pitcrew.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** The {@code database} section: where the data lives and whether migrations run at start. */
public final class StorageConfiguration {

    @NotBlank
    @JsonProperty
    private String url = "jdbc:h2:file:./data/pitcrew";

    @NotNull
    @JsonProperty
    private String user = "sa";

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

    /** Builds the pooled data source settings, failing with a message that names DATABASE_URL when the URL is unusable. */
    public DataSourceFactory toDataSourceFactory() {
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass(parsed.driverClass());
        factory.setUrl(parsed.jdbcUrl());
        factory.setUser(user);
        factory.setPassword(password);
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
