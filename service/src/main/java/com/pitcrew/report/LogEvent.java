package com.pitcrew.report;

import java.util.Map;
import java.util.Optional;

/**
 * The fields of one JSON log line that the report reads; every other field is skipped unread. {@code atMillis} is
 * -1 when the line has no readable {@code @timestamp}.
 */
record LogEvent(long atMillis, String message, Optional<Long> totalTimeMs, Map<String, Long> stages,
                Optional<String> intent, Optional<String> validation, Optional<String> flag,
                Optional<Boolean> shadowAgreed, Optional<String> patternIntent, Optional<String> rule,
                Optional<String> reaction) {

    static final String COMPLETED = "Request completed successfully";
    static final String FAILED = "Request failed";

    boolean isRequestSummary() {
        return totalTimeMs.isPresent() && (COMPLETED.equals(message) || FAILED.equals(message));
    }

    boolean isShadowValidation() {
        return shadowAgreed.isPresent() && message.startsWith("Shadow validation");
    }

    boolean isFeedback() {
        return reaction.isPresent() && "Feedback stored".equals(message);
    }
}
