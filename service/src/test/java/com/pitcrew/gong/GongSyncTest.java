package com.pitcrew.gong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.directory.Account;
import com.pitcrew.directory.AccountDirectory;
import com.pitcrew.directory.DirectoryStore;
import com.pitcrew.execution.Pauser;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.meetings.Meetings;
import com.pitcrew.meetings.MeetingsConfiguration;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.MutableClock;
import com.pitcrew.support.TestThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Gong connector against a local fake Gong over HTTP, storing into a real database (H2, and MariaDB when
 * configured): paging by cursor, 429 with Retry-After, a transcript missing, a call updated, the mark kept.
 */
class GongSyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final MetricRegistry metrics = new MetricRegistry();
    private final FakeGong gong = new FakeGong();
    /** Pauses cost no real time: they move this clock, which the request pacer reads. */
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> pauses = new ArrayList<>();
    private final Pauser pauser = duration -> {
        synchronized (pauses) {
            pauses.add(duration);
        }
        nanos.addAndGet(duration.toNanos());
    };

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    @AfterEach
    void tearDown() {
        gong.close();
    }

    private record World(MigratedDatabase database, Meetings meetings, AccountDirectory directory) {
        GongConnector connector(GongConfiguration configuration, MetricRegistry metrics, MutableClock clock,
                                AtomicLong nanos, Pauser pauser) {
            return new GongConnector(configuration, database.jdbi(), meetings.importer(directory), metrics,
                    TestThreads.unmanaged(), clock, nanos::get, pauser);
        }
    }

    private interface Scenario {
        void run(World world) throws Exception;
    }

    private void with(String kind, Scenario scenario) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            AccountDirectory directory = new AccountDirectory(new DirectoryStore(database.jdbi(), clock));
            directory.start();
            MeetingsConfiguration configuration = new MeetingsConfiguration();
            configuration.setInternalDomains(List.of("beacon.io"));
            Meetings meetings = Meetings.create(configuration, database.jdbi(),
                    LlmClient.create(new LlmConfiguration(), metrics, clock), directory::accounts,
                    TestThreads.unmanaged(), clock, metrics);
            meetings.start();
            try {
                scenario.run(new World(database, meetings, directory));
            } finally {
                meetings.stop();
            }
        }
    }

    private GongConnector connector(World world) {
        return world.connector(gong.configuration(), metrics, clock, nanos, pauser);
    }

    private static final FakeGong.Party RILEY = new FakeGong.Party("s-riley", "Riley Stone", "riley@beacon.io",
            "Internal", "AE");
    private static final FakeGong.Party ERLICH = new FakeGong.Party("s-erlich", "Erlich Bachman",
            "erlich@aviato.com", "External", "CEO");

    private static FakeGong.Call call(String id, String title, Instant started, Optional<String> account,
                                      String customerLine) {
        return new FakeGong.Call(id, title, started, 1800, List.of(RILEY, ERLICH), account, Optional.of(List.of(
                new FakeGong.Monologue("s-riley", "Thanks for joining.", "Let us talk onboarding."),
                new FakeGong.Monologue("s-erlich", customerLine),
                new FakeGong.Monologue("s-riley", "Action item: Riley to send the plan by Friday."))));
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static int count(World world, String sql) {
        return world.database().jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    private static Map<String, Object> row(World world, String id) {
        return world.database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT account, title, source, attendees, duration_min FROM meetings WHERE id = :id")
                .bind("id", id).mapToMap().one());
    }

    private static List<String> turns(World world, String id) {
        return world.database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT speaker, content FROM meeting_turns WHERE meeting_id = :id ORDER BY seq").bind("id", id)
                .map((rs, ctx) -> rs.getString("speaker") + ": " + rs.getString("content")).list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void pagesAreFollowedByCursorAndEachCallIsStoredWithItsSpeakersAndAccount(String kind) throws Exception {
        for (int i = 1; i <= 5; i++) {
            gong.put(call("10" + i, "Call " + i, daysAgo(10 - i), i == 1 ? Optional.of("Aviato") : Optional.empty(),
                    "Onboarding number " + i + " worries us."));
        }
        with(kind, world -> {
            List<String> progress = new ArrayList<>();
            String summary = connector(world).syncNow(progress::add);

            assertThat(summary).startsWith("5 calls listed since " + NOW.minus(Duration.ofDays(90)) + " in 3 pages: "
                    + "5 imported (0 replaced), 0 without a transcript yet");
            assertThat(progress).contains("page 1: 2 calls", "page 2: 2 calls", "page 3: 1 calls",
                    "gong:101 -> Aviato, 3 turns, new");
            assertThat(gong.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v2/calls")))).extracting(
                    request -> request.queryParameter("cursor").isPresent()
                            ? request.queryParameter("cursor").firstValue() : "-").containsExactly("-", "2", "4");
            assertThat(count(world, "SELECT COUNT(*) FROM meetings WHERE id LIKE 'gong:%'")).isEqualTo(5);

            Map<String, Object> first = row(world, "gong:101");
            assertThat(first.get("account")).as("the CRM context's Account").isEqualTo("Aviato");
            assertThat(first.get("source")).isEqualTo("gong");
            assertThat(((Number) first.get("duration_min")).intValue()).isEqualTo(30);
            JsonNode attendees = JSON.readTree((String) first.get("attendees"));
            assertThat(attendees.toString()).contains("\"name\":\"Riley Stone\",\"internal\":true,\"role\":\"AE\","
                    + "\"email\":\"riley@beacon.io\"").contains("\"name\":\"Erlich Bachman\",\"internal\":false");
            assertThat(turns(world, "gong:101")).containsExactly(
                    "Riley Stone: Thanks for joining. Let us talk onboarding.",
                    "Erlich Bachman: Onboarding number 1 worries us.",
                    "Riley Stone: Action item: Riley to send the plan by Friday.");
            assertThat(row(world, "gong:102").get("account")).as("no CRM context: the customer's domain, which the "
                    + "first call taught the directory").isEqualTo("Aviato");

            Account aviato = world.directory().accounts().stream().filter(a -> a.name().equals("Aviato"))
                    .findFirst().orElseThrow();
            assertThat(aviato.domains()).containsExactly("aviato.com");
            assertThat(aviato.contacts()).extracting(contact -> contact.name()).containsExactly("Erlich Bachman");
            assertThat(metrics.counter("pitcrew.gong.calls.imported").getCount()).isEqualTo(5);
            assertThat(metrics.counter("pitcrew.meetings.index.updated").getCount()).as("searchable at once")
                    .isGreaterThanOrEqualTo(5);
            assertThat(new GongSyncState(world.database().jdbi()).syncedThrough()).contains(daysAgo(5));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theMarkIsKeptSoTheNextSyncAsksOnlyForNewerCalls(String kind) throws Exception {
        gong.put(call("201", "Discovery", daysAgo(3), Optional.of("Aviato"), "We need SSO."));
        with(kind, world -> {
            GongConfiguration configuration = gong.configuration();
            configuration.setOverlap(io.dropwizard.util.Duration.hours(1));
            world.connector(configuration, metrics, clock, nanos, pauser).syncNow(line -> { });

            clock.advance(Duration.ofDays(1));
            gong.put(call("202", "Pricing", daysAgo(1), Optional.of("Aviato"), "Pricing is our worry."));
            // A new process: only the database remembers where the last sync stopped.
            String second = world.connector(configuration, new MetricRegistry(), clock, nanos, pauser)
                    .syncNow(line -> { });

            assertThat(gong.listedFrom()).containsExactly(NOW.minus(Duration.ofDays(90)).toString(),
                    daysAgo(3).minus(Duration.ofHours(1)).toString());
            assertThat(second).startsWith("2 calls listed").contains("2 imported (1 replaced)")
                    .endsWith("synced through " + daysAgo(1));
            assertThat(count(world, "SELECT COUNT(*) FROM meetings WHERE id LIKE 'gong:%'")).isEqualTo(2);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCallUpdatedInGongReplacesItselfWithoutADuplicate(String kind) throws Exception {
        gong.put(call("301", "Kickoff", daysAgo(2), Optional.of("Aviato"), "Onboarding must be quick."));
        with(kind, world -> {
            GongConnector connector = connector(world);
            connector.syncNow(line -> { });
            gong.put(new FakeGong.Call("301", "Kickoff (edited)", daysAgo(2), 2400, List.of(RILEY, ERLICH),
                    Optional.of("Aviato"), Optional.of(List.of(new FakeGong.Monologue("s-erlich",
                    "Onboarding must be quick, and the renewal is in March.")))));
            clock.advance(Duration.ofHours(1));
            String again = connector.syncNow(line -> { });

            assertThat(again).contains("1 imported (1 replaced)");
            assertThat(count(world, "SELECT COUNT(*) FROM meetings WHERE id = 'gong:301'")).isEqualTo(1);
            assertThat(row(world, "gong:301").get("title")).isEqualTo("Kickoff (edited)");
            assertThat(turns(world, "gong:301")).containsExactly(
                    "Erlich Bachman: Onboarding must be quick, and the renewal is in March.");
            assertThat(metrics.counter("pitcrew.meetings.import.replaced").getCount()).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aMissingTranscriptIsCountedAndAskedForAgainNextSync(String kind) throws Exception {
        gong.put(new FakeGong.Call("401", "Not transcribed yet", daysAgo(1), 600, List.of(RILEY, ERLICH),
                Optional.of("Aviato"), Optional.empty()));
        gong.put(call("402", "Later call", NOW.minus(Duration.ofHours(2)), Optional.of("Aviato"), "Fine."));
        with(kind, world -> {
            GongConfiguration configuration = gong.configuration();
            configuration.setOverlap(io.dropwizard.util.Duration.minutes(10));
            GongConnector connector = world.connector(configuration, metrics, clock, nanos, pauser);
            List<String> progress = new ArrayList<>();
            String first = connector.syncNow(progress::add);

            assertThat(first).contains("1 imported (0 replaced), 1 without a transcript yet").contains("0 failed");
            assertThat(progress).contains("gong:401: no transcript yet, asked for again next sync");
            assertThat(metrics.counter("pitcrew.gong.transcripts.missing").getCount()).isEqualTo(1);
            assertThat(count(world, "SELECT COUNT(*) FROM meetings WHERE id = 'gong:401'")).isZero();
            assertThat(new GongSyncState(world.database().jdbi()).syncedThrough()).as("held back").contains(daysAgo(1));

            gong.put(call("401", "Transcribed now", daysAgo(1), Optional.of("Aviato"), "Onboarding is fine."));
            clock.advance(Duration.ofHours(1));
            String second = connector.syncNow(line -> { });

            assertThat(gong.listedFrom().get(1)).isEqualTo(daysAgo(1).minus(Duration.ofMinutes(10)).toString());
            assertThat(second).contains("0 without a transcript yet");
            assertThat(count(world, "SELECT COUNT(*) FROM meetings WHERE id = 'gong:401'")).isEqualTo(1);
            assertThat(new GongSyncState(world.database().jdbi()).syncedThrough())
                    .contains(NOW.minus(Duration.ofHours(2)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTooManyRequestsAnswerIsWaitedOutAsItsRetryAfterSays(String kind) throws Exception {
        gong.put(call("501", "Pricing", daysAgo(1), Optional.of("Aviato"), "Discount please."));
        gong.rateLimitNext(2, "7");
        with(kind, world -> {
            String summary = connector(world).syncNow(line -> { });

            assertThat(summary).contains("1 imported");
            assertThat(pauses).as("the Retry-After of each 429").containsExactly(Duration.ofSeconds(7),
                    Duration.ofSeconds(7));
            assertThat(metrics.counter("pitcrew.gong.rate_limited").getCount()).isEqualTo(2);
        });
    }

    @Test
    void aRetryAfterBeyondTheCapWaitsTheCapAndEndlessLimitsFailTheSyncKeepingTheMark() throws Exception {
        gong.put(call("601", "Pricing", daysAgo(1), Optional.of("Aviato"), "Discount please."));
        with("h2", world -> {
            GongConfiguration configuration = gong.configuration();
            configuration.setRateLimitRetries(2);
            gong.rateLimitNext(10, "86400");
            GongConnector connector = world.connector(configuration, metrics, clock, nanos, pauser);

            assertThatThrownBy(() -> connector.syncNow(line -> { })).isInstanceOf(GongException.class)
                    .hasMessage("GET /v2/calls was rate limited (HTTP 429) 3 times in a row; the next sync tries again");
            assertThat(pauses).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(2));
            assertThat(new GongSyncState(world.database().jdbi()).syncedThrough()).isEmpty();
            assertThat(connector.health().isHealthy()).isFalse();
            assertThat(connector.health().getMessage()).contains("rate limited");
            assertThat(metrics.counter("pitcrew.gong.sync.failed").getCount()).isEqualTo(1);
        });
    }

    @Test
    void noMoreThanThreeRequestsStartInAnySecond() throws Exception {
        for (int i = 1; i <= 4; i++) {
            gong.put(call("70" + i, "Call " + i, daysAgo(5 - i), Optional.of("Aviato"), "Line " + i + "."));
        }
        with("h2", world -> {
            connector(world).syncNow(line -> { });
            // 2 pages x (list, extensive, transcript) = 6 requests at no real time apart: one pause before the 4th.
            assertThat(pauses).containsExactly(Duration.ofSeconds(1));
        });
    }

    @Test
    void badCredentialsAreRefusedWithAClearMessageAndNothingIsStored() throws Exception {
        gong.put(call("801", "Pricing", daysAgo(1), Optional.of("Aviato"), "Discount please."));
        with("h2", world -> {
            GongConfiguration configuration = gong.configuration();
            configuration.setAccessKeySecret("wrong-secret");
            GongConnector connector = world.connector(configuration, metrics, clock, nanos, pauser);

            assertThatThrownBy(() -> connector.syncNow(line -> { })).isInstanceOf(GongException.class)
                    .hasMessageStartingWith("Gong refused the credentials (HTTP 401 on GET /v2/calls): check "
                            + "GONG_ACCESS_KEY and GONG_ACCESS_KEY_SECRET")
                    .message().doesNotContain("wrong-secret");
            assertThat(count(world, "SELECT COUNT(*) FROM meetings WHERE id LIKE 'gong:%'")).isZero();
            assertThat(new GongSyncState(world.database().jdbi()).syncedThrough()).isEmpty();
        });
    }

    @Test
    void anUnreachableServerSaysWhereItLooked() throws Exception {
        with("h2", world -> {
            GongConfiguration configuration = gong.configuration();
            String url = gong.url();
            gong.close();
            GongConnector connector = world.connector(configuration, metrics, clock, nanos, pauser);

            assertThatThrownBy(() -> connector.syncNow(line -> { })).isInstanceOf(GongException.class)
                    .hasMessageStartingWith("cannot reach Gong at " + url + " (GET /v2/calls)")
                    .hasMessageEndingWith("check GONG_BASE_URL");
        });
    }

    @Test
    void withoutCredentialsTheConnectorIsOffAndSaysSo() throws Exception {
        with("h2", world -> {
            GongConnector connector = world.connector(new GongConfiguration(), metrics, clock, nanos, pauser);
            connector.start();
            assertThat(connector.configured()).isFalse();
            assertThat(connector.health().isHealthy()).isTrue();
            assertThat(connector.health().getMessage()).isEqualTo(GongConnector.OFF);
            assertThatThrownBy(() -> connector.syncNow(line -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessage(GongConnector.OFF);
            connector.stop();
        });
    }
}
