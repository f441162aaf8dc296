package com.pitcrew.cli;

import com.pitcrew.InvalidSettingException;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.cli.Cli;

/** How every command reports a failure: a known misconfiguration in one line, anything else with its trace. */
public final class CommandErrors {

    private CommandErrors() {
    }

    public static void report(Cli cli, Throwable error) {
        Throwable known = findKnown(error);
        if (known instanceof InvalidSettingException setting) {
            cli.getStdErr().println("pitcrew: cannot start: " + setting.getMessage());
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
