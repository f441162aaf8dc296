package com.pitcrew.knowledge;

import java.util.List;

/**
 * Retrieval over the current snapshot: keeps one {@link ProductIndex} and replaces it when the snapshot's content
 * hash changes. Thread-safe: the index is immutable and published through a volatile field; two threads seeing a
 * new snapshot at once may both build an index, and either result is correct.
 */
final class ProductRetriever {

    private volatile ProductIndex index;

    List<SnapshotFormat.Entry> search(SnapshotView view, String question, int limit) {
        ProductIndex current = index;
        if (current == null || !current.contentHash().equals(view.contentHash())) {
            current = new ProductIndex(view.content(), view.contentHash());
            index = current;
        }
        return current.search(question, limit);
    }
}
