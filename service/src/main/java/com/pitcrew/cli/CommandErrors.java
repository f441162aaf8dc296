package com.pitcrew.cli;

import com.pitcrew.config.InvalidSettingException;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationValidationException;
import java.util.regex.Pattern;
import io.dropwizard.core.cli.Cli;

/** How every command reports a failure: a known misconfiguration in one line, anything else with its trace. */
public final class CommandErrors {

    private static final Pattern NAMES_A_SETTING = Pattern.compile("[A-Z][A-Z0-9_]+ ");

    private CommandErrors() {
    }

    public static void report(Cli cli, Throwable error) {
        Throwable known = findKnown(error);
        if (known instanceof InvalidSettingException setting) {
            cli.getStdErr().println("pitcrew: cannot start: " + setting.getMessage());
        } else if (known instanceof ConfigurationValidationException invalid) {
            // One line per refused setting; a section's own checks already name the variable.
            invalid.getConstraintViolations().stream()
                    .map(violation -> NAMES_A_SETTING.matcher(violation.getMessage()).lookingAt()
                            ? violation.getMessage() : violation.getPropertyPath() + " " + violation.getMessage())
                    .sorted()
                    .forEach(line -> cli.getStdErr().println("pitcrew: cannot start: " + line));
        } else if (known instanceof ConfigurationException configuration) {
            cli.getStdErr().println("pitcrew: cannot start: " + configuration.getMessage().strip());
        } else if (known instanceof UsageException || known instanceof CheckFailedException) {
            cli.getStdErr().println("pitcrew: " + known.getMessage());
        } else {
            error.printStackTrace(cli.getStdErr());
        }
    }

    private static Throwable findKnown(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof InvalidSettingException || current instanceof ConfigurationException
                    || current instanceof UsageException || current instanceof CheckFailedException) {
                return current;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return error;
    }
}
