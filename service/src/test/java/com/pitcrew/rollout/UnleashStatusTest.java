package com.pitcrew.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.observability.LogCapture;
import io.getunleash.UnleashException;
import io.getunleash.event.ClientFeaturesResponse;
import io.getunleash.event.UnleashSubscriber;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An unreachable Unleash server is one warning when it goes and one line when it comes back, never a trace a poll. */
class UnleashStatusTest {

    private static UnleashSubscriber subscriberOfTheOnlineClient() {
        UnleashConfiguration configuration = new UnleashConfiguration();
        configuration.setUrl("http://127.0.0.1:1/api/");
        return SkipFlag.clientConfig(configuration).getSubscriber();
    }

    private static List<JsonNode> unleashLines(LogCapture logs) {
        return logs.lines().stream().filter(line -> line.path("logger").asText().contains("nleash")
                || line.path("message").asText().contains("Unleash")).toList();
    }

    @Test
    void aServerThatStaysDownIsReportedOnceWithoutAStackTrace() {
        UnleashSubscriber subscriber = subscriberOfTheOnlineClient();
        try (LogCapture logs = new LogCapture()) {
            for (int poll = 0; poll < 5; poll++) {
                subscriber.onError(new UnleashException("Could not fetch toggles",
                        new ConnectException("Connection refused")));
            }
            List<JsonNode> lines = unleashLines(logs);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).path("level").asText()).isEqualTo("WARN");
            assertThat(lines.get(0).toString()).contains("Connection refused").doesNotContain("\\tat ");

            subscriber.togglesFetched(ClientFeaturesResponse.notChanged());
            subscriber.togglesFetched(ClientFeaturesResponse.notChanged());
            subscriber.onError(new UnleashException("Could not fetch toggles", new ConnectException("refused")));
            assertThat(unleashLines(logs)).extracting(line -> line.path("message").asText())
                    .containsExactly("Unleash server unreachable; flags stay as last fetched",
                            "Unleash server reachable again", "Unleash server unreachable; flags stay as last fetched");
        }
    }
}
