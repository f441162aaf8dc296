package com.pitcrew.config;

import io.dropwizard.validation.selfvalidating.ViolationCollector;

/** A setting that stops the service from starting; the message names the environment variable to fix. */
public final class InvalidSettingException extends RuntimeException {

    private final String setting;

    public InvalidSettingException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
    }

    public InvalidSettingException(String setting, String problem, Throwable cause) {
        super(setting + " " + problem, cause);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    /** Runs a section's checks while the configuration loads, turning a refusal into a validation violation. */
    public static void collect(Runnable checks, ViolationCollector violations) {
        try {
            checks.run();
        } catch (InvalidSettingException e) {
            violations.addViolation(e.getMessage());
        }
    }
}
