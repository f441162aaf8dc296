package com.pitcrew.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One stored field of a product table: its SQL column, the Airtable field it comes from, and how its value is
 * normalised. Values travel as normalised text so that a value read back from any database compares equal to the
 * value Airtable sent (which is what makes re-applying a change a no-op).
 */
record Column(String sql, String airtableField, Type type, boolean required) {

    /** Longest value a VARCHAR(255) column takes; longer single-line text is cut rather than failing the sync. */
    static final int SHORT_TEXT_LIMIT = 255;

    enum Type {
        /** VARCHAR(255). */
        SHORT_TEXT(String.class),
        /** MEDIUMTEXT. */
        LONG_TEXT(String.class),
        /** A multiple select or linked names, stored joined with ", " in a VARCHAR(255). */
        LIST(String.class),
        /** DECIMAL(12,2). */
        DECIMAL(BigDecimal.class),
        /** BIGINT. */
        INTEGER(Long.class);

        private final Class<?> javaType;

        Type(Class<?> javaType) {
            this.javaType = javaType;
        }

        /** The JDBC binding type, also for nulls: a batch binds every row of a column the same way. */
        Class<?> javaType() {
            return javaType;
        }
    }

    static Column text(String sql, String airtableField) {
        return new Column(sql, airtableField, Type.SHORT_TEXT, false);
    }

    static Column title(String sql, String airtableField) {
        return new Column(sql, airtableField, Type.SHORT_TEXT, true);
    }

    static Column longText(String sql, String airtableField) {
        return new Column(sql, airtableField, Type.LONG_TEXT, false);
    }

    static Column list(String sql, String airtableField) {
        return new Column(sql, airtableField, Type.LIST, false);
    }

    static Column decimal(String sql, String airtableField) {
        return new Column(sql, airtableField, Type.DECIMAL, false);
    }

    static Column integer(String sql, String airtableField) {
        return new Column(sql, airtableField, Type.INTEGER, false);
    }

    /** The normalised value of an Airtable cell; empty for a missing, blank or unusable cell. */
    Optional<String> fromAirtable(JsonNode cell) {
        if (cell == null || cell.isNull() || cell.isMissingNode()) {
            return Optional.empty();
        }
        return switch (type) {
            case SHORT_TEXT, LONG_TEXT -> text(cell.isValueNode() ? cell.asText() : cell.toString());
            case LIST -> text(joinList(cell));
            case DECIMAL, INTEGER -> cell.isNumber() || cell.isTextual() ? fromDatabase(cell.asText()) : Optional.empty();
        };
    }

    /** The normalised value of what a database returned for this column (via {@code getString}). */
    Optional<String> fromDatabase(String stored) {
        if (stored == null || stored.isBlank()) {
            return Optional.empty();
        }
        return switch (type) {
            case SHORT_TEXT, LONG_TEXT, LIST -> text(stored);
            case DECIMAL -> number(stored).map(value -> value.stripTrailingZeros().toPlainString());
            case INTEGER -> number(stored).map(value -> Long.toString(value.longValue()));
        };
    }

    /** The value as the JDBC type of the column, or null. */
    Object toJdbc(Optional<String> value) {
        if (value.isEmpty()) {
            return null;
        }
        return switch (type) {
            case SHORT_TEXT, LONG_TEXT, LIST -> value.get();
            case DECIMAL -> new BigDecimal(value.get());
            case INTEGER -> Long.parseLong(value.get());
        };
    }

    private Optional<String> text(String raw) {
        String value = raw.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (type != Type.LONG_TEXT && value.length() > SHORT_TEXT_LIMIT) {
            value = value.substring(0, SHORT_TEXT_LIMIT - 1) + "…";
        }
        return Optional.of(value);
    }

    private static String joinList(JsonNode cell) {
        if (!cell.isArray()) {
            return cell.asText();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : cell) {
            // Linked records and collaborators arrive as objects with a name; selects as plain strings.
            String name = item.isObject() ? item.path("name").asText("") : item.asText("");
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return String.join(", ", names);
    }

    private static Optional<BigDecimal> number(String raw) {
        try {
            return Optional.of(new BigDecimal(raw.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
