package com.pitcrew.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshot's text format, written and read in one place. One section per table, one line per record:
 * <pre>
 * ## Features
 * - SSO/SAML | plans: Growth, Enterprise | Single sign-on ...
 * </pre>
 * Compact for the LLM, and line-oriented so retrieval can split it back into entries without a database.
 */
final class SnapshotFormat {

    static final String HEADER = "Beacon product facts, from the product team's Airtable base. Answer only from "
            + "these facts; when they do not cover the question, say so.";
    private static final String SECTION = "## ";
    private static final String ENTRY = "- ";
    private static final String SEPARATOR = " | ";

    /** One record of a snapshot, as retrieval sees it. */
    record Entry(ProductTable table, String title, String detail) {
    }

    private SnapshotFormat() {
    }

    static String render(Map<ProductTable, List<ProductRecord>> tables) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (ProductTable table : ProductTable.values()) {
            List<ProductRecord> records = new ArrayList<>(tables.getOrDefault(table, List.of()));
            records.sort(table.order());
            text.append('\n').append(SECTION).append(table.airtableName()).append('\n');
            for (ProductRecord record : records) {
                text.append(ENTRY).append(oneLine(record.title()).replace('|', '/'));
                for (String detail : table.details(record)) {
                    text.append(SEPARATOR).append(oneLine(detail));
                }
                text.append('\n');
            }
        }
        return text.toString();
    }

    /** The entries of a rendered snapshot, in order. */
    static List<Entry> entries(String content) {
        List<Entry> entries = new ArrayList<>();
        Optional<ProductTable> section = Optional.empty();
        for (String line : content.split("\n")) {
            if (line.startsWith(SECTION)) {
                section = ProductTable.fromAirtableName(line.substring(SECTION.length()));
            } else if (line.startsWith(ENTRY) && section.isPresent()) {
                String body = line.substring(ENTRY.length());
                int end = body.indexOf(SEPARATOR);
                entries.add(end < 0 ? new Entry(section.get(), body, "")
                        : new Entry(section.get(), body.substring(0, end), body.substring(end + SEPARATOR.length())));
            }
        }
        return entries;
    }

    /** Line breaks inside a value would split an entry in two. */
    private static String oneLine(String value) {
        return value.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
