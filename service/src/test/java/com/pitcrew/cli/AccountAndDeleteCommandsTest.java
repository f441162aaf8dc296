package com.pitcrew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.directory.Account;
import com.pitcrew.directory.DirectoryStore;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import-accounts (CSV, line-numbered errors, all or nothing) and delete-meeting, end to end on H2. */
class AccountAndDeleteCommandsTest {

    @TempDir
    Path dir;

    private MigratedDatabase database;
    private Path config;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        database = MigratedDatabase.h2();
        config = Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "database:",
                "  url: \"" + database.database().url() + "\"",
                "logging:",
                "  level: WARN",
                "  appenders: []",
                ""));
    }

    @AfterEach
    void tearDown() throws Exception {
        database.close();
    }

    private Optional<Throwable> run(String... arguments) throws Exception {
        out.reset();
        err.reset();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Bootstrap<PitCrewConfiguration> bootstrap = new Bootstrap<>(new PitCrewApplication());
        bootstrap.addCommand(new ImportAccountsCommand(print));
        bootstrap.addCommand(new ImportMeetingsCommand(print));
        bootstrap.addCommand(new DeleteMeetingCommand(print));
        return new Cli(new JarLocation(getClass()), bootstrap, print, new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(arguments);
    }

    private Optional<Account> account(String name) {
        return new DirectoryStore(database.jdbi(), Clock.systemUTC()).all().stream()
                .filter(account -> account.name().equals(name)).findFirst();
    }

    @Test
    void accountsComeFromCsvAndABadLineStoresNothing() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), """
                name,domains,aliases,contacts
                Massive Dynamic,massivedynamic.com,md;massive,Nina Sharp (COO); William Bell
                Hooli,hooli.com,"big hoo"
                """);
        assertThat(run("import-accounts", config.toString(), bad.toString())).isPresent();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(bad + ":3: expected 4 fields, found 3");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing stored");
        assertThat(account("Massive Dynamic")).isEmpty();

        Path good = Files.writeString(dir.resolve("good.csv"), """
                name,domains,aliases,contacts
                Massive Dynamic,massivedynamic.com,md;massive,Nina Sharp (COO); William Bell
                "Hooli",hooli.com,"big hoo",Gavin Marsh (Head of BI)
                """);
        assertThat(run("import-accounts", config.toString(), good.toString())).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("import-accounts: 2 accounts stored");
        Account massive = account("Massive Dynamic").orElseThrow();
        assertThat(massive.aliases()).containsExactly("md", "massive");
        assertThat(massive.domains()).containsExactly("massivedynamic.com");
        assertThat(massive.contacts()).extracting(contact -> contact.name() + "/" + contact.role().orElse("-"))
                .containsExactly("Nina Sharp/COO", "William Bell/-");
    }

    @Test
    void deleteMeetingErasesAnImportedCall() throws Exception {
        assertThat(run("import-meetings", config.toString(),
                TestApps.repoRoot().resolve("examples/calls").toString())).isEmpty();
        assertThat(run("delete-meeting", config.toString(), "example-piedpiper-pricing")).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("deleted example-piedpiper-pricing");
        int turns = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM meeting_turns WHERE meeting_id = 'example-piedpiper-pricing'")
                .mapTo(Integer.class).one());
        assertThat(turns).isZero();
        assertThat(run("delete-meeting", config.toString(), "example-piedpiper-pricing")).isPresent();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no call with id 'example-piedpiper-pricing'");
    }
}
