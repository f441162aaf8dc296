package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The frozen blind set: written by another engineer from intents.md and world.md alone, never shown the rules,
 * frozen before the rules were changed against issue 8. It is measured and reported, never tuned on; any edit to it
 * fails here. Figures before any change (the rules of 615b3c1): accuracy 0.7395, skip coverage 0.6597, skip
 * precision 0.8471 (133/157) at 0.9.
 */
class FrozenBlindSetTest {

    static final Path FROZEN = Path.of("src/test/resources/intents-frozen-blind.jsonl");
    static final String SHA_256 = "f132514e9957f00a2d3109580f66001120962428b2147e0a4bb9d68bd06acb86";

    @Test
    void theFrozenSetIsUnchanged() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(FROZEN));
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(SHA_256);
        assertThat(CorpusFile.readLabelled(FROZEN)).hasSize(238);
    }
}
