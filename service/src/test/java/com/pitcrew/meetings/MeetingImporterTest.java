package com.pitcrew.meetings;

import com.pitcrew.support.TestThreads;
import com.pitcrew.pipeline.MeetingScope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.directory.Account;
import com.pitcrew.directory.AccountDirectory;
import com.pitcrew.directory.DirectoryStore;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Importing files and call documents into storage, the index and the account directory, on H2 and MariaDB. */
class MeetingImporterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T15:00:00Z"));
    private final MetricRegistry metrics = new MetricRegistry();

    @TempDir
    Path dir;

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private Path file(String name) throws Exception {
        Path target = dir.resolve(name);
        try (var in = getClass().getResourceAsStream("/meetings/import/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private interface Scenario {
        void run(Meetings meetings, AccountDirectory directory, MeetingImporter importer) throws Exception;
    }

    private void with(String kind, Scenario scenario) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            AccountDirectory directory = new AccountDirectory(new DirectoryStore(database.jdbi(), clock));
            directory.start();
            MeetingsConfiguration configuration = new MeetingsConfiguration();
            configuration.setInternalDomains(List.of("Beacon.io"));
            Meetings meetings = Meetings.create(configuration, database.jdbi(),
                    LlmClient.create(new LlmConfiguration(), metrics, clock), directory::accounts, TestThreads.unmanaged(), clock,
                    metrics);
            meetings.start();
            try {
                scenario.run(meetings, directory, meetings.importer(directory));
            } finally {
                meetings.stop();
            }
        }
    }

    private static List<String> found(Meetings meetings, MeetingResolver resolver, String message) {
        MeetingScope scope = resolver.resolve(message);
        return meetings.search().meetings(scope, meetings.search().topic(message, scope), Integer.MAX_VALUE).stream()
                .map(hit -> hit.meeting().id()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTranscriptWithItsSidecarIsStoredSearchableAndTeachesTheDirectory(String kind) throws Exception {
        with(kind, (meetings, directory, importer) -> {
            file("zoom.meta.json");
            MeetingImporter.Imported imported = importer.importFile(file("zoom.vtt"), MeetingImporter.Flags.NONE);
            assertThat(imported).isEqualTo(new MeetingImporter.Imported("zoom-piedpiper-pricing", "Pied Piper", 3,
                    false));
            Meeting call = meetings.store().byIds(List.of("zoom-piedpiper-pricing")).get("zoom-piedpiper-pricing");
            assertThat(call.startedAt()).isEqualTo(Instant.parse("2026-11-20T16:00:00Z"));
            assertThat(call.durationMinutes()).as("from the last cue").isEqualTo(2);
            assertThat(call.attendees()).extracting(Meeting.Attendee::internal).containsExactly(false, true);

            Account learned = directory.accounts().stream().filter(account -> account.name().equals("Pied Piper"))
                    .findFirst().orElseThrow();
            assertThat(learned.domains()).containsExactly("piedpiper.com");
            assertThat(learned.contacts()).extracting(contact -> contact.name() + "/" + contact.role().orElse(""))
                    .containsExactly("Erlich Bachman/CEO");
            assertThat(directory.names().accounts()).contains("Pied Piper");

            MeetingResolver resolver = new MeetingResolver(directory::accounts, clock);
            assertThat(found(meetings, resolver, "what did Pied Piper say about pricing?"))
                    .containsExactly("zoom-piedpiper-pricing");
            assertThat(metrics.counter("pitcrew.meetings.import.stored").getCount()).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCallWithoutAnAccountIsFiledUnderItsAttendeesDomainAndReImportReplaces(String kind) throws Exception {
        with(kind, (meetings, directory, importer) -> {
            file("zoom.meta.json");
            importer.importFile(file("zoom.vtt"), MeetingImporter.Flags.NONE);
            file("teams.meta.json");
            MeetingImporter.Imported teams = importer.importFile(file("teams.vtt"), MeetingImporter.Flags.NONE);
            assertThat(teams.id()).as("the file name").isEqualTo("teams");
            assertThat(teams.account()).as("monica@piedpiper.com").isEqualTo("Pied Piper");

            int stored = meetings.store().count();
            MeetingImporter.Imported again = importer.importFile(dir.resolve("teams.vtt"), MeetingImporter.Flags.NONE);
            assertThat(again.replaced()).isTrue();
            assertThat(meetings.store().count()).isEqualTo(stored);
            assertThat(meetings.search().size()).isEqualTo(stored);

            MeetingImporter.Imported flagged = importer.importFile(file("call.srt"), new MeetingImporter.Flags(
                    java.util.Optional.of("srt-1"), java.util.Optional.empty(), java.util.Optional.of("pied piper"),
                    java.util.Optional.of("2026-11-24T09:00:00Z"), java.util.Optional.of(15),
                    List.of("Monica Hall <monica@piedpiper.com>", "Riley Stone <riley@beacon.io>")));
            assertThat(flagged.account()).as("spelt as the directory spells it").isEqualTo("Pied Piper");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBadFileOrDocumentStoresNothingAndSaysWhere(String kind) throws Exception {
        with(kind, (meetings, directory, importer) -> {
            int before = meetings.store().count();
            assertThatThrownBy(() -> importer.importFile(file("bad-timing.vtt"), MeetingImporter.Flags.NONE))
                    .isInstanceOfSatisfying(ImportException.class, e ->
                            assertThat(e.describe("bad-timing.vtt")).startsWith("bad-timing.vtt:6: a cue without a timing line"));
            file("bad-sidecar.meta.json");
            assertThatThrownBy(() -> importer.importFile(file("bad-sidecar.vtt"), MeetingImporter.Flags.NONE))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.describe("bad-sidecar.vtt"))
                            .startsWith(dir.resolve("bad-sidecar.meta.json") + ":3: ").contains("acount"));
            assertThatThrownBy(() -> importer.importFile(file("call.srt"), MeetingImporter.Flags.NONE))
                    .hasMessageContaining("no account");
            assertThatThrownBy(() -> importer.importDocument("""
                    {"id": "api-1", "account": "Globex", "start": "2026-11-24T09:00:00Z",
                     "turns": [{"speaker": "Maria Lopez", "text": "Hello"}, {"speaker": "", "text": "x"}]}
                    """.getBytes(StandardCharsets.UTF_8))).hasMessage("turns[1].speaker is missing");
            assertThatThrownBy(() -> importer.importDocument("{\"id\": \"api-2\",\n \"start\": 5,,}"
                    .getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).contains(2));
            assertThat(meetings.store().count()).isEqualTo(before);
            assertThat(meetings.store().exists("bad-timing")).isFalse();
            assertThat(metrics.counter("pitcrew.meetings.import.rejected").getCount()).isEqualTo(5);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCallDocumentCarriesItsTranscriptInAnyFormat(String kind) throws Exception {
        with(kind, (meetings, directory, importer) -> {
            MeetingImporter.Imported imported = importer.importDocument("""
                    {"id": "gmeet-42", "title": "Renewal", "account": "Globex", "start": "2026-11-24T09:00:00Z",
                     "attendees": [{"name": "Maria Lopez", "email": "maria@globex.com"},
                                   {"name": "Riley Stone", "email": "riley@beacon.io"}],
                     "transcript": {"format": "vtt", "content": "WEBVTT\\n\\n00:00:01.000 --> 00:00:05.000\\n<v Maria Lopez>We will renew if onboarding goes well.\\n"}}
                    """.getBytes(StandardCharsets.UTF_8));
            assertThat(imported).isEqualTo(new MeetingImporter.Imported("gmeet-42", "Globex", 1, false));
            assertThat(directory.accountForDomain("globex.com")).contains("Globex");
        });
    }
}
