package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.gong.FakeGong;
import com.pitcrew.storage.MigratedDatabase;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sync-gong end to end on H2 against the fake Gong: progress and summary, and one clear line when it cannot run. */
class SyncGongCommandTest {

    @TempDir
    Path dir;

    private MigratedDatabase database;
    private FakeGong gong;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        database = MigratedDatabase.h2();
        gong = new FakeGong();
    }

    @AfterEach
    void tearDown() throws Exception {
        gong.close();
        database.close();
    }

    private Path config(String key, String secret, String baseUrl) throws Exception {
        return Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "database:",
                "  url: \"" + database.database().url() + "\"",
                "gong:",
                "  accessKey: \"" + key + "\"",
                "  accessKeySecret: \"" + secret + "\"",
                "  baseUrl: " + baseUrl,
                "  rateLimitRetries: 0",
                "logging:",
                "  level: WARN",
                "  appenders: []",
                ""));
    }

    private Optional<Throwable> run(Path config) {
        out.reset();
        err.reset();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Bootstrap<PitCrewConfiguration> bootstrap = new Bootstrap<>(new PitCrewApplication());
        bootstrap.addCommand(new SyncGongCommand(print));
        return new Cli(new JarLocation(getClass()), bootstrap, print, new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("sync-gong", config.toString());
    }

    private static FakeGong.Call call(String id, String title, Instant started) {
        FakeGong.Party rep = new FakeGong.Party("1", "Riley Stone", "riley@beacon.io", "Internal", "AE");
        FakeGong.Party customer = new FakeGong.Party("2", "Laurie Bream", "laurie@raviga.com", "External", null);
        return new FakeGong.Call(id, title, started, 900, List.of(rep, customer), Optional.empty(), Optional.of(List.of(
                new FakeGong.Monologue("1", "How is onboarding going?"),
                new FakeGong.Monologue("2", "Onboarding is slow; our analysts need training."))));
    }

    @Test
    void importsTheCallsWithALinePerCallAndASummary() throws Exception {
        gong.put(call("9001", "Onboarding review", Instant.now().minus(Duration.ofDays(3))));
        gong.put(call("9002", "Training plan", Instant.now().minus(Duration.ofDays(1))));
        Path config = config(FakeGong.KEY, FakeGong.SECRET, gong.url());

        assertThat(run(config)).as(err.toString(StandardCharsets.UTF_8)).isEmpty();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("sync-gong: asking " + gong.url())
                .contains("  gong:9001 -> Raviga, 2 turns, new")
                .contains("  gong:9002 -> Raviga, 2 turns, new")
                .contains("  page 1: 2 calls")
                .contains("sync-gong: 2 calls listed since").contains("2 imported (0 replaced)")
                .doesNotContain(FakeGong.SECRET);

        assertThat(run(config)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("the second run starts from the mark, less the overlap")
                .contains("1 calls listed since").contains("1 imported (1 replaced)");
    }

    @Test
    void withoutCredentialsItSaysWhichVariablesToSet() throws Exception {
        assertThat(run(config("", "", gong.url()))).isPresent();
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("pitcrew: sync-gong: Gong is not "
                + "configured: set GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET (and GONG_BASE_URL for a server other "
                + "than https://api.gong.io)");
    }

    @Test
    void refusedCredentialsAndAnUnreachableServerEachExitWithOneLine() throws Exception {
        assertThat(run(config(FakeGong.KEY, "not-the-secret", gong.url()))).isPresent();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("pitcrew: sync-gong: Gong refused the "
                + "credentials (HTTP 401 on GET /v2/calls): check GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET")
                .doesNotContain("not-the-secret").doesNotContain("\tat ");

        String url = gong.url();
        gong.close();
        assertThat(run(config(FakeGong.KEY, FakeGong.SECRET, url))).isPresent();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("pitcrew: sync-gong: cannot reach Gong at " + url)
                .doesNotContain("\tat ");
    }
}
