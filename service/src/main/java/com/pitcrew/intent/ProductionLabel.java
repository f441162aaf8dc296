package com.pitcrew.intent;

import java.util.Locale;
import java.util.Objects;

/**
 * One message the LLM labelled: what the pattern classifier said (its own calibrated confidence, not the live one
 * lowered by production trust, so a rule is always judged on the claim its calibration makes) and which intent the
 * LLM gave. {@code source} says whether the LLM was asked on the request path or in shadow validation of a skip.
 */
public record ProductionLabel(String text, Classification pattern, Intent llmIntent, Source source,
                              String correlationId) {

    /** Why the LLM was asked. */
    public enum Source {
        /** On the request path: flag off, below the threshold, ineligible intent, kill switch or rule breaker. */
        VALIDATED,
        /** In the background, for a sampled skip. */
        SHADOW;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ProductionLabel {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(llmIntent, "llmIntent");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    public boolean agreed() {
        return pattern.intent() == llmIntent;
    }
}
