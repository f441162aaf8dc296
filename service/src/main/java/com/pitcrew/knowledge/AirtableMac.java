package com.pitcrew.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Airtable's webhook notification MAC: {@code X-Airtable-Content-MAC: hmac-sha256=<hex>}, HMAC-SHA256 keyed with
 * the base64-decoded {@code macSecretBase64} over the raw body bytes. Stateless.
 */
final class AirtableMac {

    static final String HEADER = "X-Airtable-Content-MAC";
    static final String PREFIX = "hmac-sha256=";

    private AirtableMac() {
    }

    /** The header value Airtable sends for this body. */
    static String sign(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Whether the header matches the body, compared in constant time. */
    static boolean verify(byte[] key, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        byte[] expected = sign(key, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
