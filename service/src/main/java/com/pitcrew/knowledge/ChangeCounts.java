package com.pitcrew.knowledge;

/** What a write did to the product tables; all zero means the stored base did not change. */
record ChangeCounts(int inserted, int updated, int deleted, int unchanged) {

    static final ChangeCounts NONE = new ChangeCounts(0, 0, 0, 0);

    boolean changedAnything() {
        return inserted + updated + deleted > 0;
    }

    ChangeCounts plus(ChangeCounts other) {
        return new ChangeCounts(inserted + other.inserted, updated + other.updated, deleted + other.deleted,
                unchanged + other.unchanged);
    }
}
