package com.pitcrew.slack;

import com.pitcrew.storage.DatabaseUrl;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Config overrides that point an app at the fake Slack, with fast polling and back-off for tests. */
final class SlackTestApps {

    private SlackTestApps() {
    }

    static ConfigOverride[] overrides(TestDatabase database, FakeSlack slack, int workers, ConfigOverride... extra) {
        return overrides(database, slack, workers, TestApps.shippedBootstrap(), extra);
    }

    static ConfigOverride[] overrides(TestDatabase database, FakeSlack slack, int workers, Path unleashBootstrap,
                                      ConfigOverride... extra) {
        return overrides(database, slack, workers, unleashBootstrap, logDir(), extra);
    }

    /** The same, logging to {@code logDir}. */
    static ConfigOverride[] overrides(TestDatabase database, FakeSlack slack, int workers, Path unleashBootstrap,
                                      Path logDir, ConfigOverride... extra) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("slack.signingSecret", SlackDeliveries.SIGNING_SECRET),
                ConfigOverride.config("slack.botToken", SlackDeliveries.BOT_TOKEN),
                ConfigOverride.config("slack.apiUrl", slack.apiUrl()),
                ConfigOverride.config("slack.workers", Integer.toString(workers)),
                ConfigOverride.config("slack.pollInterval", "200ms"),
                ConfigOverride.config("slack.retryBackoff", "100ms")));
        all.addAll(Arrays.asList(extra));
        return TestApps.overrides(database, logDir, unleashBootstrap, all.toArray(ConfigOverride[]::new));
    }

    static Path logDir() {
        try {
            return Files.createTempDirectory("pitcrew-slack-logs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh id with {@code prefix} (a channel "C"/"D", an event "Ev"), so tests on one app never share one. */
    static String freshId(String prefix) {
        return prefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10)
                .toUpperCase(java.util.Locale.ROOT);
    }

    /** Waits until the inbox has answered {@code eventId}. */
    static void awaitDone(Jdbi jdbi, String eventId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbi.withHandle(
                handle -> handle.createQuery("SELECT COUNT(*) FROM slack_inbox WHERE event_id = :id "
                                + "AND status = 'done'").bind("id", eventId).mapTo(Long.class).one()) == 1);
    }

    static Jdbi jdbi(TestDatabase database) {
        return Jdbi.create(DatabaseUrl.parse(database.url()).jdbcUrl(), database.user(), database.password());
    }

    static long inboxRows(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM slack_inbox")
                .mapTo(Long.class).one());
    }
}
