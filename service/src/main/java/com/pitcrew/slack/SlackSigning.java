package com.pitcrew.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack request signing (v0): HMAC-SHA256 over {@code v0:<timestamp>:<raw body>}, lowercase hex, compared in
 * constant time, and a timestamp within five minutes either side of now. Ours rather than the SDK's verifier because
 * that one accepts future timestamps, compares with {@code equals} and logs the body at debug. Stateless, thread-safe.
 */
final class SlackSigning {

    static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    static final String SIGNATURE_HEADER = "X-Slack-Signature";
    static final long TOLERANCE_SECONDS = 300;

    private static final String ALGORITHM = "HmacSHA256";

    /** Why a request is not Slack's; each value names the rejection metric. */
    enum Check {
        VALID(""),
        MISSING_SIGNATURE("missing_signature"),
        BAD_TIMESTAMP("bad_timestamp"),
        STALE_TIMESTAMP("stale_timestamp"),
        FUTURE_TIMESTAMP("future_timestamp"),
        BAD_SIGNATURE("bad_signature");

        private final String reason;

        Check(String reason) {
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private SlackSigning() {
    }

    /** The {@code X-Slack-Signature} value Slack would send for this timestamp and body. */
    static String sign(String signingSecret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    static Check verify(String signingSecret, Optional<String> timestamp, Optional<String> signature, byte[] body,
                        long nowEpochSeconds) {
        if (timestamp.isEmpty() || signature.isEmpty()) {
            return Check.MISSING_SIGNATURE;
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.get().trim());
        } catch (NumberFormatException e) {
            return Check.BAD_TIMESTAMP;
        }
        if (nowEpochSeconds - sentAt > TOLERANCE_SECONDS) {
            return Check.STALE_TIMESTAMP;
        }
        if (sentAt - nowEpochSeconds > TOLERANCE_SECONDS) {
            return Check.FUTURE_TIMESTAMP;
        }
        byte[] expected = sign(signingSecret, timestamp.get().trim(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.get().trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Check.VALID : Check.BAD_SIGNATURE;
    }
}
