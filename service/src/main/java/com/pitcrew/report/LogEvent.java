package com.pitcrew.report;

import java.util.Map;
import java.util.Optional;

/**
 * The fields of one JSON log line that the report and the end-to-end bench read (one parser, {@link LogLineParser},
 * for both, so their figures come from the same reading of the same lines); every other field is skipped unread.
 * {@code atMillis} is -1 when the line has no readable {@code @timestamp}.
 */
public record LogEvent(long atMillis, String message, Optional<Long> totalTimeMs, Map<String, Long> stages,
                       Optional<String> intent, Optional<String> validation, Optional<String> flag,
                       Optional<Boolean> shadowAgreed, Optional<String> patternIntent, Optional<String> rule,
                       Optional<String> reaction, Optional<String> correlationId, Optional<String> eventId,
                       Optional<Long> queueWaitMs, Optional<String> speculation, Optional<String> reason) {

    public static final String COMPLETED = "Request completed successfully";
    public static final String FAILED = "Request failed";

    /** The service's per-request summary line: one per request, completed or failed, with its times. */
    public boolean isRequestSummary() {
        return totalTimeMs.isPresent() && (COMPLETED.equals(message) || FAILED.equals(message));
    }

    boolean isShadowValidation() {
        return shadowAgreed.isPresent() && message.startsWith("Shadow validation");
    }

    boolean isFeedback() {
        return reaction.isPresent() && "Feedback stored".equals(message);
    }

    /** Why a 👎 was given, picked by the rep after a 👎 click. */
    boolean isFeedbackReason() {
        return reason.isPresent() && "Feedback reason stored".equals(message);
    }

    /** A stage's time in a summary line, 0 when the line has none (as the bench always counted it). */
    public long stage(String name) {
        return stages.getOrDefault(name, 0L);
    }
}
