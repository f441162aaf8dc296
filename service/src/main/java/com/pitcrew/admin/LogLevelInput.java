package com.pitcrew.admin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The input Dropwizard's own {@code /tasks/log-level} accepts without complaint but should not: an unknown level
 * (it silently sets DEBUG), no logger, and a duration it cannot parse (a 500). Checked by {@link TaskInputFilter}.
 */
public final class LogLevelInput {

    public static final String TASK = "log-level";

    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private LogLevelInput() {
    }

    /** What is wrong with a log-level request, if anything. No level is fine: it resets the logger. */
    public static Optional<String> problem(Map<String, List<String>> parameters) {
        List<String> loggers = parameters.getOrDefault("logger", List.of());
        if (loggers.isEmpty() || loggers.stream().anyMatch(logger -> logger == null || logger.isBlank())) {
            return Optional.of("name the logger (logger=com.pitcrew...)");
        }
        Optional<String> level = CheckedTask.parameter(parameters, "level");
        if (level.isPresent() && !LEVELS.contains(level.get().toUpperCase(Locale.ROOT))) {
            return Optional.of("level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '" + level.get() + "'");
        }
        Optional<String> duration = CheckedTask.parameter(parameters, "duration");
        if (duration.isPresent()) {
            try {
                if (Duration.parse(duration.get()).isNegative()) {
                    return Optional.of("duration must not be negative, got '" + duration.get() + "'");
                }
            } catch (DateTimeParseException e) {
                return Optional.of("duration must be an ISO-8601 duration such as PT10M, got '" + duration.get() + "'");
            }
        }
        return Optional.empty();
    }
}
