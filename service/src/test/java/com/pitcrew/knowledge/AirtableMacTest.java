package com.pitcrew.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AirtableMacTest {

    /** The published vector (stack.md), verbatim. */
    static final String SECRET = "c2VjcmV0LWtleQ==";
    static final String BODY = "{\"base\": {\"id\": \"app00000000000000\"}, \"webhook\": {\"id\": \"ach00000000000000\"}, "
            + "\"timestamp\": \"2022-02-01T21:25:05.663Z\"}";
    static final String MAC = "hmac-sha256=e26da696a90933647bddc83995c3e1e3bb1c3d8ce1ff61cb7469767d50b2b2d4";

    private static final byte[] KEY = Base64.getDecoder().decode(SECRET);

    @Test
    void thePublishedVectorSignsAndVerifies() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(AirtableMac.sign(KEY, body)).isEqualTo(MAC);
        assertThat(AirtableMac.verify(KEY, body, MAC)).isTrue();
    }

    @Test
    void aTamperedBodyFails() {
        byte[] tampered = BODY.replace("21:25:05", "21:25:06").getBytes(StandardCharsets.UTF_8);
        assertThat(AirtableMac.verify(KEY, tampered, MAC)).isFalse();
    }

    @Test
    void aTamperedMacOrKeyFails() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String flipped = MAC.substring(0, MAC.length() - 1) + "5";
        assertThat(AirtableMac.verify(KEY, body, flipped)).isFalse();
        assertThat(AirtableMac.verify("other-key".getBytes(StandardCharsets.UTF_8), body, MAC)).isFalse();
        assertThat(AirtableMac.verify(KEY, body, MAC.substring("hmac-sha256=".length()))).as("prefix required").isFalse();
        assertThat(AirtableMac.verify(KEY, body, "")).isFalse();
        assertThat(AirtableMac.verify(KEY, body, null)).isFalse();
    }
}
