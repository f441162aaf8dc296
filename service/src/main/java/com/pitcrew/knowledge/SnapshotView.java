package com.pitcrew.knowledge;

import java.util.Optional;

/**
 * The product knowledge one request is answered from. {@code version} is empty on the slow path (rendered from the
 * tables, nothing stored yet).
 */
record SnapshotView(String content, String contentHash, Optional<Long> version, Path path) {

    /** Which path served the request; the wire name is the metric suffix and log value. */
    enum Path {
        FAST, SLOW;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
