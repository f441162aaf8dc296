package com.pitcrew.config;

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
}
