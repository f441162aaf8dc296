package com.pitcrew.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A snapshot's text before it is stored: content, SHA-256 of its UTF-8 bytes (lowercase hex), counts per table. */
record RenderedSnapshot(String content, String contentHash, Map<ProductTable, Integer> counts) {

    RenderedSnapshot {
        counts = Map.copyOf(counts);
    }

    int count(ProductTable table) {
        return counts.getOrDefault(table, 0);
    }

    /** Renders the five tables; the same records in any order give the same bytes. */
    static RenderedSnapshot of(Map<ProductTable, List<ProductRecord>> tables) {
        String content = SnapshotFormat.render(tables);
        Map<ProductTable, Integer> counts = new EnumMap<>(ProductTable.class);
        for (ProductTable table : ProductTable.values()) {
            counts.put(table, tables.getOrDefault(table, List.of()).size());
        }
        return new RenderedSnapshot(content, sha256(content), counts);
    }

    static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
