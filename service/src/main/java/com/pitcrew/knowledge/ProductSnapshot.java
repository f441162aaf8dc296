package com.pitcrew.knowledge;

import java.util.Map;
import java.util.Objects;

/** One stored snapshot: the rendered prompt, its SHA-256 (hex), the record count of each table, and its making. */
record ProductSnapshot(long version, String content, String contentHash, Map<ProductTable, Integer> counts,
                       long builtAt, long buildMs) {

    ProductSnapshot {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(contentHash, "contentHash");
        counts = Map.copyOf(counts);
    }

    int recordCount() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
