package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.pitcrew.support.TestApps;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest an admin pastes into Slack asks for what the code handles, and only that, at our endpoint. */
class SlackAppManifestTest {

    /** Each event we subscribe to, and the bot scope Slack requires for it. */
    private static final Map<String, String> SCOPE_FOR_EVENT = Map.of(
            "app_mention", "app_mentions:read",
            "message.im", "im:history",
            "reaction_added", "reactions:read",
            "assistant_thread_started", "assistant:write",
            "assistant_thread_context_changed", "assistant:write");

    private final JsonNode manifest = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(
                    TestApps.repoRoot().resolve("slack-app-manifest.yml").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void eventsGoToTheResourcePath() {
        String path = SlackEventsResource.class.getAnnotation(Path.class).value();
        assertThat(manifest.at("/settings/event_subscriptions/request_url").asText())
                .isEqualTo("https://YOUR-HOST" + (path.startsWith("/") ? path : "/" + path));
        assertThat(manifest.at("/settings/socket_mode_enabled").asBoolean()).isFalse();
    }

    @Test
    void theAssistantViewIsOn() {
        assertThat(manifest.at("/features/assistant_view/assistant_description").asText()).isNotBlank();
    }

    @Test
    void buttonClicksGoToTheInteractionsPath() {
        String path = SlackInteractionsResource.class.getAnnotation(Path.class).value();
        assertThat(manifest.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
        assertThat(manifest.at("/settings/interactivity/request_url").asText())
                .isEqualTo("https://YOUR-HOST" + (path.startsWith("/") ? path : "/" + path));
    }

    @Test
    void everySubscribedEventHasItsScopeAndNoScopeIsSpare() {
        List<String> events = texts(manifest.at("/settings/event_subscriptions/bot_events"));
        List<String> scopes = texts(manifest.at("/oauth_config/scopes/bot"));
        assertThat(events).containsExactlyInAnyOrderElementsOf(SCOPE_FOR_EVENT.keySet());
        List<String> needed = new ArrayList<>(new java.util.TreeSet<>(SCOPE_FOR_EVENT.values()));
        needed.add("chat:write");
        needed.add("im:read");
        // The progress sign: SlackReplies adds and removes a reaction on the user's message.
        needed.add("reactions:write");
        // The name of the channel an assistant thread is opened beside (conversations.info), public or private.
        needed.add("channels:read");
        needed.add("groups:read");
        assertThat(scopes).containsExactlyInAnyOrderElementsOf(needed);
    }
}
