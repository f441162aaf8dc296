package com.pitcrew.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A command option naming a moment: an ISO-8601 instant or a UTC date (its midnight). */
final class TimeOption {

    private TimeOption() {
    }

    static long epochMillis(String option, String value) {
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (DateTimeParseException notADate) {
                throw new UsageException(option + " must be an ISO-8601 instant or date, e.g. 2026-05-01T00:00:00Z "
                        + "or 2026-05-01, got '" + value + "'");
            }
        }
    }
}
