package com.pitcrew.observability;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** The 8-lowercase-hex id that ties together every log line written for one request. */
public final class CorrelationId {

    /** MDC key, and so the JSON log field name. */
    public static final String MDC_KEY = "correlationId";
    /** HTTP header carrying the id on responses (and accepted on requests). */
    public static final String HEADER = "X-Correlation-Id";

    private static final Pattern VALID = Pattern.compile("[0-9a-f]{8}");

    private CorrelationId() {
    }

    public static String generate() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    /** The id in the current thread's MDC, if a request is being served here. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }

    /** Puts {@code id} in the MDC until the returned scope closes, restoring what was there before. */
    public static MdcScope bind(String id) {
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        return () -> {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        };
    }

    /** A scope that cannot fail on close. */
    @FunctionalInterface
    public interface MdcScope extends AutoCloseable {
        @Override
        void close();
    }
}
