package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.support.TestApps;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code check} refuses every configuration {@code server} would refuse, with the same one line. */
class CheckCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private Optional<Throwable> check(String... sectionLines) throws Exception {
        Path config = Files.writeString(dir.resolve("config.yml"), String.join("\n", sectionLines)
                + "\nunleash:\n  bootstrapFile: " + TestApps.shippedBootstrap() + "\n"
                + "logging:\n  level: WARN\n  appenders: []\n");
        PitCrewApplication application = new PitCrewApplication();
        Bootstrap<PitCrewConfiguration> bootstrap = new Bootstrap<>(application);
        application.addDefaultCommands(bootstrap);
        application.initialize(bootstrap);
        Cli cli = new Cli(new JarLocation(getClass()), bootstrap, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return cli.run("check", config.toString());
    }

    private String error() {
        return stderr.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void theShippedDefaultsPass() throws Exception {
        assertThat(check("server: {}")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "airtable: {token: pat123}|AIRTABLE_BASE_ID is empty but AIRTABLE_TOKEN is set",
        "airtable: {webhookId: achX}|AIRTABLE_WEBHOOK_MAC_SECRET is empty but AIRTABLE_WEBHOOK_ID is set",
        "airtable: {apiUrl: 'ftp://x'}|AIRTABLE_API_URL must be an http(s) URL with a host: ftp://x",
        "llm: {baseUrl: 'http://127.0.0.1:9999'}|OPENAI_BASE_URL must end in /v1",
        "llm: {baseUrl: 'http://127.0.0.1:9999/api'}|OPENAI_BASE_URL must end in /v1",
        "llm: {baseUrl: 'localhost:9999/v1'}|OPENAI_BASE_URL must be an http(s) URL with a host",
        "database: {url: 'postgresql://db/x'}|DATABASE_URL is not supported",
        "database: {url: 'jdbc:mysql://alice@db:3306/x', user: bob}|DATABASE_USER is 'bob' but DATABASE_URL names user 'alice'",
    })
    void aSettingServerWouldRefuseFailsTheCheckWithOneLineNamingIt(String section, String expected) throws Exception {
        assertThat(check(section)).isPresent();
        assertThat(error()).startsWith("pitcrew: cannot start: ").contains(expected).doesNotContain("\n")
                .doesNotContain("pat123");
    }

    @Test
    void aUrlWithV1AndATrailingSlashPasses() throws Exception {
        assertThat(check("llm: {baseUrl: 'http://127.0.0.1:9999/v1/'}")).isEmpty();
    }
}
