package com.pitcrew;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.DatabaseUrl;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.YamlConfigurationFactory;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Relative file paths in the configuration (the embedded database, the Unleash files, the log files) are relative to
 * the configuration file's directory, not to wherever the command was started: {@code ask /opt/pitcrew/config.yml}
 * from a home directory uses {@code /opt/pitcrew/data}, as {@code server config.yml} from the installation does.
 * Applied to the file and its environment variables before validation, so every command sees the same paths.
 */
final class ConfigurationPaths extends DefaultConfigurationFactoryFactory<PitCrewConfiguration> {

    @Override
    public ConfigurationFactory<PitCrewConfiguration> create(Class<PitCrewConfiguration> klass, Validator validator,
                                                             ObjectMapper objectMapper, String propertyPrefix) {
        return new YamlConfigurationFactory<>(klass, validator, configureObjectMapper(objectMapper.copy()),
                propertyPrefix) {
            @Override
            protected PitCrewConfiguration build(JsonNode node, String path) throws IOException,
                    ConfigurationException {
                // Without a file (the default configuration) there is no directory to resolve against.
                if (path != null && Files.isRegularFile(Path.of(path))) {
                    resolve(node, Path.of(path).toAbsolutePath().getParent());
                }
                return super.build(node, path);
            }
        };
    }

    /** Rewrites, in place, every relative path setting of {@code node} against {@code directory}. */
    static void resolve(JsonNode node, Path directory) {
        UnaryOperator<String> file = value -> value.isBlank() || value.startsWith("~") || Path.of(value).isAbsolute()
                ? value : directory.resolve(value).normalize().toString();
        rewrite(node.path("database"), "url", url -> DatabaseUrl.resolveAgainst(url, directory));
        rewrite(node.path("unleash"), "bootstrapFile", file);
        rewrite(node.path("unleash"), "backupFile", file);
        for (JsonNode appender : node.path("logging").path("appenders")) {
            if ("file".equals(appender.path("type").asText())) {
                rewrite(appender, "currentLogFilename", file);
                rewrite(appender, "archivedLogFilenamePattern", file);
            }
        }
    }

    private static void rewrite(JsonNode section, String key, UnaryOperator<String> change) {
        if (section instanceof ObjectNode object && object.path(key).isTextual()) {
            object.put(key, change.apply(object.get(key).asText()));
        }
    }
}
