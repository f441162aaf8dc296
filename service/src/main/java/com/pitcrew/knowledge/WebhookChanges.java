package com.pitcrew.knowledge;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records to write and record ids to delete, per table, as one webhook batch leaves them. */
record WebhookChanges(Map<ProductTable, List<ProductRecord>> upserts, Map<ProductTable, Set<String>> deletions) {

    /** Airtable numbers a webhook's payloads from 1. */
    static final long FIRST_CURSOR = 1L;

    WebhookChanges {
        upserts = Map.copyOf(upserts);
        deletions = Map.copyOf(deletions);
    }

    boolean isEmpty() {
        return upserts.values().stream().allMatch(List::isEmpty) && deletions.values().stream().allMatch(Set::isEmpty);
    }
}
