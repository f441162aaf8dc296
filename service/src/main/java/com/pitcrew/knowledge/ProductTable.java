package com.pitcrew.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The five product tables of the Airtable base: how each maps to its SQL table, how its records sort and how one
 * record is rendered as a snapshot entry. The declaration order is the order of the snapshot's sections.
 */
// Its fields are List.copyOf and stateless functions: immutable, which the checker cannot see through the types.
@SuppressWarnings("ImmutableEnumChecker")
enum ProductTable {

    PLANS("Plans", "product_plans", List.of(
            Column.title("name", "Name"),
            Column.decimal("price_per_seat_usd", "Price per seat (USD/month)"),
            Column.text("pricing_note", "Pricing note"),
            Column.integer("min_seats", "Minimum seats"),
            Column.longText("summary", "Summary")),
            ProductTable::planDetails,
            // Plans read best from the smallest to the largest: by minimum seats, then name.
            Comparator.comparing((ProductRecord record) -> record.value("min_seats").map(Long::parseLong)
                    .orElse(Long.MAX_VALUE))),
    FEATURES("Features", "product_features", List.of(
            Column.title("name", "Name"),
            Column.longText("description", "Description"),
            Column.list("plans", "Plans")),
            record -> segments(
                    record.value("plans").map(plans -> "plans: " + plans),
                    record.value("description")),
            null),
    INTEGRATIONS("Integrations", "product_integrations", List.of(
            Column.title("name", "Name"),
            Column.text("category", "Category"),
            Column.text("direction", "Direction"),
            Column.list("plans", "Plans"),
            Column.longText("description", "Description")),
            record -> segments(
                    record.value("category").map(category -> "category: " + category),
                    record.value("direction").map(direction -> "direction: " + direction),
                    record.value("plans").map(plans -> "plans: " + plans),
                    record.value("description")),
            null),
    COMPLIANCE("Compliance", "product_compliance", List.of(
            Column.title("name", "Name"),
            Column.text("status", "Status"),
            Column.longText("notes", "Notes")),
            record -> segments(
                    record.value("status").map(status -> "status: " + status),
                    record.value("notes")),
            null),
    FAQS("FAQs", "product_faqs", List.of(
            Column.title("question", "Question"),
            Column.longText("answer", "Answer"),
            Column.list("tags", "Tags")),
            record -> segments(
                    record.value("answer"),
                    record.value("tags").map(tags -> "tags: " + tags)),
            null);

    private static final Map<String, ProductTable> BY_AIRTABLE_NAME = new HashMap<>();

    static {
        for (ProductTable table : values()) {
            BY_AIRTABLE_NAME.put(table.airtableName.toLowerCase(Locale.ROOT), table);
        }
    }

    private final String airtableName;
    private final String sqlTable;
    private final List<Column> columns;
    private final Function<ProductRecord, List<String>> details;
    private final Comparator<ProductRecord> order;

    ProductTable(String airtableName, String sqlTable, List<Column> columns,
                 Function<ProductRecord, List<String>> details, Comparator<ProductRecord> firstOrder) {
        this.airtableName = airtableName;
        this.sqlTable = sqlTable;
        this.columns = List.copyOf(columns);
        this.details = details;
        // Title then id make the order total, so the rendered snapshot never depends on the database's row order.
        Comparator<ProductRecord> byTitle = Comparator
                .comparing((ProductRecord record) -> record.title().toLowerCase(Locale.ROOT))
                .thenComparing(ProductRecord::title)
                .thenComparing(ProductRecord::id);
        this.order = firstOrder == null ? byTitle : firstOrder.thenComparing(byTitle);
    }

    String airtableName() {
        return airtableName;
    }

    String sqlTable() {
        return sqlTable;
    }

    List<Column> columns() {
        return columns;
    }

    Column titleColumn() {
        return columns.get(0);
    }

    Comparator<ProductRecord> order() {
        return order;
    }

    /** The parts of a record's snapshot entry after its title, in order. */
    List<String> details(ProductRecord record) {
        return details.apply(record);
    }

    static Optional<ProductTable> fromAirtableName(String name) {
        return name == null ? Optional.empty()
                : Optional.ofNullable(BY_AIRTABLE_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** The stored form of an Airtable record; empty when its title cell is blank (Airtable keeps such rows). */
    Optional<ProductRecord> fromAirtable(String id, String createdTime, JsonNode fields) {
        Map<String, String> values = new HashMap<>();
        for (Column column : columns) {
            column.fromAirtable(fields.get(column.airtableField())).ifPresent(value -> values.put(column.sql(), value));
        }
        if (!values.containsKey(titleColumn().sql())) {
            return Optional.empty();
        }
        return Optional.of(new ProductRecord(this, id, parseTime(createdTime), values));
    }

    private static long parseTime(String createdTime) {
        try {
            return createdTime == null ? 0L : Instant.parse(createdTime).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0L;
        }
    }

    private static List<String> planDetails(ProductRecord record) {
        return segments(
                Optional.of(record.value("price_per_seat_usd").map(usd -> "$" + usd).orElse("custom price")
                        + " per seat per month"),
                record.value("pricing_note"),
                record.value("min_seats").map(seats -> "minimum " + seats + " seats"),
                record.value("summary"));
    }

    @SafeVarargs
    private static List<String> segments(Optional<String>... parts) {
        List<String> present = new ArrayList<>();
        for (Optional<String> part : parts) {
            part.ifPresent(present::add);
        }
        return present;
    }
}
