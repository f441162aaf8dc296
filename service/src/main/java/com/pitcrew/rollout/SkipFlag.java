package com.pitcrew.rollout;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.config.InvalidSettingException;
import com.pitcrew.intent.SkipFlagSource;
import io.dropwizard.lifecycle.Managed;
import io.getunleash.DefaultUnleash;
import io.getunleash.FeatureDefinition;
import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.getunleash.repository.ToggleBootstrapFileProvider;
import io.getunleash.util.UnleashConfig;
import io.getunleash.variant.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature flags {@code pitcrew.skip-llm-validation} and {@code pitcrew.parallel-validation}, evaluated with the real Unleash client for a Slack user
 * (userId; team and channel as properties). A variant whose JSON payload carries {@code threshold} overrides the
 * skip threshold for that user. Thread-safe, as the Unleash client is.
 */
public final class SkipFlag implements Managed, SkipFlagSource {

    public static final String NAME = "pitcrew.skip-llm-validation";
    /** Phase 1.1: start the pattern intent's handler while the LLM validates (off unless a definition turns it on). */
    public static final String PARALLEL_VALIDATION = "pitcrew.parallel-validation";

    private static final Logger LOG = LoggerFactory.getLogger(SkipFlag.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Unleash unleash;
    private final MetricRegistry metrics;

    SkipFlag(Unleash unleash, MetricRegistry metrics) {
        this.unleash = unleash;
        this.metrics = metrics;
    }

    public static SkipFlag create(UnleashConfiguration configuration, MetricRegistry metrics) {
        return new SkipFlag(new DefaultUnleash(clientConfig(configuration)), metrics);
    }

    static UnleashConfig clientConfig(UnleashConfiguration configuration) {
        UnleashConfig.Builder builder = UnleashConfig.builder()
                .appName(configuration.getAppName())
                .instanceId(configuration.getAppName() + "-" + UUID.randomUUID())
                .environment(configuration.getEnvironment())
                .fetchTogglesInterval(Math.max(1, configuration.getFetchInterval().toSeconds()));
        Optional<String> url = configuration.url();
        if (url.isPresent()) {
            LOG.info("Unleash client online: {} (backup file {})", url.get(), configuration.getBackupFile());
            builder.unleashAPI(url.get()).backupFile(configuration.getBackupFile()).subscriber(new UnleashStatus());
            configuration.apiToken().ifPresent(builder::apiKey);
            bootstrapIfPresent(configuration).ifPresent(builder::toggleBootstrapProvider);
        } else {
            Path bootstrap = Path.of(configuration.getBootstrapFile());
            if (!Files.isReadable(bootstrap)) {
                throw new InvalidSettingException("UNLEASH_BOOTSTRAP_FILE", "names no readable file: "
                        + bootstrap.toAbsolutePath() + " (needed while UNLEASH_URL is empty)");
            }
            // Offline the client reads its backup before the bootstrap; a backup path that cannot exist yet
            // makes the shipped bootstrap the only truth, never a stale download from an earlier online run.
            LOG.info("Unleash client offline: flags from {}", bootstrap.toAbsolutePath());
            builder.unleashAPI("http://127.0.0.1:1/api/")
                    .disablePolling()
                    .disableMetrics()
                    .backupFile(offlineBackupPath())
                    .toggleBootstrapProvider(new ToggleBootstrapFileProvider(bootstrap.toString()));
        }
        return builder.build();
    }

    private static Optional<ToggleBootstrapFileProvider> bootstrapIfPresent(UnleashConfiguration configuration) {
        Path bootstrap = Path.of(configuration.getBootstrapFile());
        return Files.isReadable(bootstrap)
                ? Optional.of(new ToggleBootstrapFileProvider(bootstrap.toString()))
                : Optional.empty();
    }

    private static String offlineBackupPath() {
        try {
            Path directory = Files.createTempDirectory("pitcrew-unleash-offline");
            directory.toFile().deleteOnExit();
            return directory.resolve("backup.json").toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the Unleash backup", e);
        }
    }

    @Override
    public State evaluate(String userId, Optional<String> teamId, Optional<String> channelId) {
        UnleashContext built = context(userId, teamId, channelId);
        boolean enabled = unleash.isEnabled(NAME, built, (name, ctx) -> false);
        if (!enabled) {
            return new State(false, Optional.empty());
        }
        Variant variant = unleash.getVariant(NAME, built);
        return new State(true, thresholdOf(variant));
    }

    /** Whether {@link #PARALLEL_VALIDATION} is on for this user; an undefined flag is off. */
    @Override
    public boolean parallelValidation(String userId, Optional<String> teamId, Optional<String> channelId) {
        return unleash.isEnabled(PARALLEL_VALIDATION, context(userId, teamId, channelId), (name, ctx) -> false);
    }

    /**
     * Whether the flag {@code name} is defined in the Unleash client's current toggles and enabled in this
     * environment; empty when it is not defined. What share of users it reaches is the strategies' business: the
     * rollout page shows the share of requests that actually ran flag-on.
     */
    public Optional<Boolean> enabledInUnleash(String name) {
        return unleash.more().getFeatureToggleDefinition(name).map(FeatureDefinition::environmentEnabled);
    }

    private static UnleashContext context(String userId, Optional<String> teamId, Optional<String> channelId) {
        UnleashContext.Builder context = UnleashContext.builder().userId(userId);
        teamId.ifPresent(team -> context.addProperty("teamId", team));
        channelId.ifPresent(channel -> context.addProperty("channelId", channel));
        return context.build();
    }

    private Optional<Double> thresholdOf(Variant variant) {
        if (variant == null || !variant.isEnabled() || variant.getPayload().isEmpty()) {
            return Optional.empty();
        }
        String payload = variant.getPayload().get().getValue();
        try {
            JsonNode threshold = JSON.readTree(payload).path("threshold");
            if (threshold.isNumber() && threshold.asDouble() >= 0 && threshold.asDouble() <= 1) {
                return Optional.of(threshold.asDouble());
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the count and warning below
        }
        metrics.counter("pitcrew.rollout.flag.bad_variant_payload").inc();
        LOG.warn("Ignoring variant '{}' of {}: its payload has no threshold in [0, 1]", variant.getName(), NAME);
        return Optional.empty();
    }

    @Override
    public void stop() {
        unleash.shutdown();
    }
}
