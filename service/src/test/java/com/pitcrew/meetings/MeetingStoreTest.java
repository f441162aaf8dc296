package com.pitcrew.meetings;

import com.pitcrew.support.TestThreads;
import com.pitcrew.pipeline.MeetingScope;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.pitcrew.directory.SampleDirectory;
import com.pitcrew.intent.Intent;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The meetings tables and the seeding, on H2 and (when configured) MariaDB/MySQL. */
class MeetingStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T15:00:00Z"));

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    private interface DatabaseTest {
        void run(Jdbi jdbi) throws Exception;
    }

    private static void withDatabase(String kind, DatabaseTest test) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            test.run(database.jdbi());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSampleIsSeededOnceAnchoredToTheClock(String kind) throws Exception {
        withDatabase(kind, jdbi -> {
            MeetingStore store = new MeetingStore(jdbi, clock);
            assertThat(SampleMeetings.seedIfEmpty(store, clock)).isEqualTo(31);
            assertThat(SampleMeetings.seedIfEmpty(store, clock)).as("a second start finds the calls there").isZero();

            List<Meeting> all = store.all();
            assertThat(all).hasSize(31);
            assertThat(all).extracting(Meeting::account).containsOnly("Acme Corp", "Globex", "Initech",
                    "Umbrella Health", "Stark Logistics", "Wayne Retail", "Hooli", "Soylent Foods", "Vandelay Imports",
                    "Cyberdyne Systems", "Tyrell Labs", "Oscorp");
            Meeting newest = all.get(0);
            assertThat(newest.id()).isEqualTo("tyrell-followup");
            assertThat(newest.startedAt()).as("1 day ago at 19:00 UTC").isEqualTo(Instant.parse("2026-11-24T19:00:00Z"));
            assertThat(all.get(30).startedAt()).isEqualTo(Instant.parse("2026-09-01T18:00:00Z"));
            assertThat(newest.attendeeNames()).containsExactly("Omar Haddad", "Jamie Park (SE)", "Alex Rivera (AE)");
            assertThat(newest.turns()).extracting(Meeting.Turn::seq).containsExactly(0, 1, 2, 3, 4, 5, 6);
            assertThat(newest.turns().get(0).text()).startsWith("Product confirmed in writing");
            assertThat(all).allSatisfy(meeting -> assertThat(meeting.turns()).hasSizeBetween(6, 14));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void existingCallsAreNeverOverwrittenBySeeding(String kind) throws Exception {
        withDatabase(kind, jdbi -> {
            MeetingStore store = new MeetingStore(jdbi, clock);
            store.insertAll(SampleMeetings.load("/meetings/scope-fixture.json", clock));
            assertThat(store.insertAllIfEmpty(SampleMeetings.load(clock))).isZero();
            assertThat(SampleMeetings.seedIfEmpty(store, clock)).isZero();
            assertThat(store.count()).isEqualTo(4);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void longTurnsAndUnicodeSurviveTheRoundTrip(String kind) throws Exception {
        withDatabase(kind, jdbi -> {
            MeetingStore store = new MeetingStore(jdbi, clock);
            String longText = "Ünïcödé — “quoted” € ".repeat(2_000);
            store.insertAll(List.of(new Meeting("long", "Globex", "Workshop", "demo", clock.instant(), 90,
                    List.of(Meeting.Attendee.parse("Maria Lopez"), Meeting.Attendee.parse("Jamie Park (SE)")), List.of(new Meeting.Turn(0, "Maria Lopez", longText)))));
            Meeting read = store.all().get(0);
            assertThat(read.turns().get(0).text()).isEqualTo(longText);
            assertThat(read.attendeeNames()).containsExactly("Maria Lopez", "Jamie Park (SE)");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void startingTheFeatureSeedsIndexesAndOffersTheFiveHandlers(String kind) throws Exception {
        withDatabase(kind, jdbi -> {
            MetricRegistry metrics = new MetricRegistry();
            LlmClient noLlm = LlmClient.create(new LlmConfiguration(), metrics, clock);
            Meetings meetings = Meetings.create(jdbi, noLlm, SampleDirectory.accounts(), TestThreads.unmanaged(), clock,
                    metrics);
            meetings.start();
            meetings.start();
            meetings.stop();
            assertThat(metrics.counter("pitcrew.meetings.seeded").getCount()).isEqualTo(31);
            assertThat(((Gauge<?>) metrics.getGauges().get("pitcrew.meetings.indexed")).getValue()).isEqualTo(31);
            assertThat(meetings.handlers()).extracting(IntentHandler::intent).containsExactly(Intent.SEARCH_CALLS,
                    Intent.MEETING_QUESTION, Intent.MEETING_SUMMARY, Intent.ACTION_ITEMS, Intent.DRAFT_EMAIL);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void sampleCallsAreReDatedAtEachStartSoRecentAlwaysFindsSome(String kind) throws Exception {
        withDatabase(kind, jdbi -> {
            MeetingStore store = new MeetingStore(jdbi, clock);
            SampleMeetings.seedIfEmpty(store, clock);
            Instant importedAt = Instant.parse("2026-11-20T10:00:00Z");
            store.insertAll(List.of(new Meeting("imported-1", "Globex", "Check-in", "call", importedAt, 20,
                    List.of(), List.of(new Meeting.Turn(0, "Maria Lopez", "Hello.")))));

            clock.advance(java.time.Duration.ofDays(120));
            Meetings restarted = meetings(jdbi);
            restarted.start();
            try {
                Meeting newestSample = store.byIds(List.of("tyrell-followup")).get("tyrell-followup");
                assertThat(newestSample.startedAt()).as("1 day before the restart's today, at 19:00 UTC")
                        .isEqualTo(Instant.parse("2027-03-24T19:00:00Z"));
                assertThat(store.byIds(List.of("imported-1")).get("imported-1").startedAt())
                        .as("an imported call keeps its own date").isEqualTo(importedAt);
                MeetingResolver resolver = new MeetingResolver(SampleDirectory.accounts(), clock);
                MeetingScope recent = resolver.resolve("search all recent calls about pricing");
                assertThat(restarted.search().meetings(recent, restarted.search().topic("pricing", recent), Integer.MAX_VALUE))
                        .isNotEmpty();
            } finally {
                restarted.stop();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCallStoredOrDeletedAnywhereReachesEveryInstancesIndexOnItsNextRefresh(String kind) throws Exception {
        withDatabase(kind, jdbi -> {
            Meetings one = meetings(jdbi);
            Meetings other = meetings(jdbi);
            one.start();
            other.start();
            try {
                Topic topic = other.search().topic("zeppelin", MeetingScope.empty());
                Meeting call = new Meeting("vtt-zeppelin", "Globex", "Airships", "call", clock.instant(), 20,
                        List.of(), List.of(new Meeting.Turn(1, "Maria Lopez", "The zeppelin budget is approved.")));
                one.store().replaceAll(List.of(call), "file");
                assertThat(other.search().meetings(MeetingScope.empty(), topic, Integer.MAX_VALUE)).isEmpty();

                assertThat(other.refresh()).isEqualTo(1);
                assertThat(other.search().meetings(MeetingScope.empty(), topic, Integer.MAX_VALUE)).extracting(hit -> hit.meeting().id())
                        .containsExactly("vtt-zeppelin");
                assertThat(other.refresh()).as("a change is applied once").isZero();

                one.store().replaceAll(List.of(call), "file");
                other.refresh();
                assertThat(other.search().size()).as("re-import replaces, never duplicates").isEqualTo(32);

                assertThat(one.delete("vtt-zeppelin")).isTrue();
                assertThat(one.search().meetings(MeetingScope.empty(), topic, Integer.MAX_VALUE)).as("gone here at once").isEmpty();
                other.refresh();
                assertThat(other.search().meetings(MeetingScope.empty(), topic, Integer.MAX_VALUE)).isEmpty();
                assertThat(one.store().exists("vtt-zeppelin")).isFalse();
                assertThat(one.delete("vtt-zeppelin")).isFalse();
            } finally {
                one.stop();
                other.stop();
            }
        });
    }

    private Meetings meetings(Jdbi jdbi) {
        MetricRegistry metrics = new MetricRegistry();
        return Meetings.create(jdbi, LlmClient.create(new LlmConfiguration(), metrics, clock),
                SampleDirectory.accounts(), TestThreads.unmanaged(), clock, metrics);
    }
}
