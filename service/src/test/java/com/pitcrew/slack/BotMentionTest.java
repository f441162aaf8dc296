package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bot's own mention never reaches a prompt; other people's mentions stay, they carry meaning. */
class BotMentionTest {

    @Test
    void theBotsMentionGoesWhereverItIs() {
        assertThat(BotMention.strip("<@U0BOT> what did Acme say?", Optional.of("U0BOT")))
                .isEqualTo("what did Acme say?");
        assertThat(BotMention.strip("hey <@U0BOT|pitcrew>, recap the Globex call", Optional.of("U0BOT")))
                .isEqualTo("hey, recap the Globex call");
        assertThat(BotMention.strip("<@U0BOT> send it to <@U0ANA>", Optional.of("U0BOT")))
                .isEqualTo("send it to <@U0ANA>");
    }

    @Test
    void withoutTheBotsIdOnlyALeadingMentionGoes() {
        assertThat(BotMention.strip("<@U0BOT>  what did Acme say?", Optional.empty())).isEqualTo("what did Acme say?");
        assertThat(BotMention.strip("ask <@U0ANA> about it", Optional.empty())).isEqualTo("ask <@U0ANA> about it");
    }
}
