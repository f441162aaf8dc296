package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackSigningTest {

    // Slack's published example (stack.md), verbatim.
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&"
            + "channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&"
            + "command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F"
            + "397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final long SENT_AT = Long.parseLong(TIMESTAMP);

    private static SlackSigning.Check verify(String body, String signature, long now) {
        return SlackSigning.verify(SECRET, Optional.of(TIMESTAMP), Optional.of(signature),
                body.getBytes(StandardCharsets.UTF_8), now);
    }

    @Test
    void slacksPublishedVectorSignsAndVerifies() {
        assertThat(SlackSigning.sign(SECRET, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SIGNATURE);
        assertThat(verify(BODY, SIGNATURE, SENT_AT)).isEqualTo(SlackSigning.Check.VALID);
    }

    @Test
    void aTamperedBodyFails() {
        assertThat(verify(BODY.replace("roadrunner", "coyote"), SIGNATURE, SENT_AT))
                .isEqualTo(SlackSigning.Check.BAD_SIGNATURE);
    }

    @Test
    void aTamperedSignatureFails() {
        assertThat(verify(BODY, SIGNATURE.replace("a2114d", "a2114e"), SENT_AT))
                .isEqualTo(SlackSigning.Check.BAD_SIGNATURE);
    }

    @Test
    void timestampsMoreThanFiveMinutesAwayFailBothWays() {
        assertThat(verify(BODY, SIGNATURE, SENT_AT + 300)).isEqualTo(SlackSigning.Check.VALID);
        assertThat(verify(BODY, SIGNATURE, SENT_AT + 301)).isEqualTo(SlackSigning.Check.STALE_TIMESTAMP);
        assertThat(verify(BODY, SIGNATURE, SENT_AT - 300)).isEqualTo(SlackSigning.Check.VALID);
        assertThat(verify(BODY, SIGNATURE, SENT_AT - 301)).isEqualTo(SlackSigning.Check.FUTURE_TIMESTAMP);
    }

    @Test
    void missingHeadersAndGarbledTimestampsFail() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(SlackSigning.verify(SECRET, Optional.empty(), Optional.of(SIGNATURE), body, SENT_AT))
                .isEqualTo(SlackSigning.Check.MISSING_SIGNATURE);
        assertThat(SlackSigning.verify(SECRET, Optional.of(TIMESTAMP), Optional.empty(), body, SENT_AT))
                .isEqualTo(SlackSigning.Check.MISSING_SIGNATURE);
        assertThat(SlackSigning.verify(SECRET, Optional.of("yesterday"), Optional.of(SIGNATURE), body, SENT_AT))
                .isEqualTo(SlackSigning.Check.BAD_TIMESTAMP);
    }
}
