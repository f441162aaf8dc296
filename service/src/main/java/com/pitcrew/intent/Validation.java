package com.pitcrew.intent;

import java.util.Locale;

/** How the intent was settled: pattern trusted (skipped), LLM asked (validated), or LLM not usable (unavailable). */
public enum Validation {
    SKIPPED, VALIDATED, UNAVAILABLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
