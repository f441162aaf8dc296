package com.pitcrew.meetings;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.directory.SampleDirectory;
import com.pitcrew.pipeline.MeetingScope;
import com.pitcrew.support.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeetingSearchTest {

    /** Quote the best turn of every hit. */
    private static final int ALL = Integer.MAX_VALUE;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T15:00:00Z"));
    private final MeetingResolver resolver = new MeetingResolver(SampleDirectory.accounts(), clock);

    private MeetingSearch search(String resource) {
        MeetingSearch search = new MeetingSearch();
        search.rebuild(SampleMeetings.load(resource, clock));
        return search;
    }

    private final MeetingSearch sample = search(SampleMeetings.RESOURCE);
    private final MeetingSearch fixture = search("/meetings/scope-fixture.json");

    private List<String> ids(MeetingSearch search, String message) {
        MeetingScope scope = resolver.resolve(message);
        return search.meetings(scope, search.topic(message, scope), ALL).stream().map(hit -> hit.meeting().id()).toList();
    }

    private List<String> topicWords(String message) {
        return sample.topic(message, resolver.resolve(message)).words();
    }

    @Test
    void theTopicIsWhatIsLeftAfterRequestWordsNamesAndTimePhrases() {
        assertThat(topicWords("search all recent calls about pricing")).containsExactly("pricing");
        assertThat(topicWords("what did Acme say about onboarding?")).containsExactly("onboarding");
        assertThat(topicWords("<@U07PITCREW> find calls with Tyler about SSO last week")).containsExactly("sso");
        assertThat(topicWords("calls with Umbrella Health in the past 14 days")).isEmpty();
        assertThat(topicWords("find calls where competitors came up")).containsExactly("competitors");
        assertThat(sample.topic("pricing discounts", resolver.resolve("")).terms()).containsExactly("price", "discount");
    }

    @Test
    void aTopicFindsTheCallsAboutItBestFirst() {
        List<MeetingSearch.MeetingHit> hits = sample.meetings(MeetingScope.empty(),
                sample.topic("pricing", MeetingScope.empty()), 1);
        assertThat(hits).hasSizeGreaterThan(5);
        assertThat(hits.subList(0, 5)).extracting(hit -> hit.meeting().kind()).containsOnly("pricing");
        assertThat(hits.get(0).bestTurn()).isPresent();

        assertThat(ids(sample, "find calls about SOC 2")).startsWith("tyrell-security")
                .contains("initech-security", "umbrella-security", "acme-security", "cyberdyne-security");
        assertThat(ids(sample, "calls where the EU data residency came up").get(0)).startsWith("cyberdyne");
        assertThat(ids(sample, "which calls mention Looker")).contains("globex-discovery", "hooli-discovery",
                "hooli-pricing", "wayne-renewal-negotiation");
    }

    @Test
    void anAccountInTheMessageLimitsTheCallsToThatAccount() {
        assertThat(ids(sample, "search Acme calls about SSO")).isNotEmpty()
                .allSatisfy(id -> assertThat(id).startsWith("acme-"));
        assertThat(ids(sample, "find Oscorp calls about HIPAA")).isEmpty();
        assertThat(sample.inScope(resolver.resolve("list the Globex calls"))).extracting(Meeting::id)
                .containsExactly("globex-pilot", "globex-snowflake", "globex-discovery");
    }

    @Test
    void aTimeRangeKeepsOnlyTheCallsInsideIt() {
        assertThat(ids(fixture, "calls about onboarding")).containsExactlyInAnyOrder("acme-recent", "acme-it",
                "globex-old", "acme-old");
        assertThat(ids(fixture, "recent calls about onboarding")).containsExactlyInAnyOrder("acme-recent", "acme-it");
        assertThat(ids(fixture, "calls about onboarding in the past 60 days"))
                .containsExactlyInAnyOrder("acme-recent", "acme-it", "globex-old");
        // Wednesday Nov 25: last week is Mon Nov 16 to Sun Nov 22, between the calls of Sun Nov 15 and Mon Nov 23.
        assertThat(ids(fixture, "calls last week about onboarding")).isEmpty();
        assertThat(ids(fixture, "calls this week about onboarding")).containsExactly("acme-recent");
    }

    @Test
    void aPersonNarrowsTheCallsOfTheirOwnAccountOnly() {
        assertThat(ids(fixture, "calls with Tyler about onboarding")).containsExactlyInAnyOrder("acme-recent",
                "acme-old");
        assertThat(ids(fixture, "calls with Tyler or Globex about onboarding"))
                .containsExactlyInAnyOrder("acme-recent", "acme-old", "globex-old");
    }

    @Test
    void turnsComeBestFirstWithinTheScope() {
        MeetingScope scope = resolver.resolve("what did Globex say about Looker?");
        List<MeetingSearch.TurnHit> turns = sample.turns(scope, sample.topic("Looker", scope), 3);
        assertThat(turns).hasSizeBetween(1, 3).allSatisfy(hit -> {
            assertThat(hit.meeting().account()).isEqualTo("Globex");
            assertThat(hit.turn().text()).contains("Looker");
        });
    }

    @Test
    void aSnippetShowsTheMatchingPartOfALongTurn() {
        String text = "We spent the first half hour on the agenda and introductions and the weather in Chicago, "
                + "then on the org chart and who reports to whom, and only at the very end did anyone mention "
                + "that SCIM deprovisioning is a hard requirement for the security team before they sign.";
        String snippet = sample.snippet(text, sample.topic("scim", MeetingScope.empty()));
        assertThat(snippet).startsWith("…").contains("SCIM deprovisioning").hasSizeLessThanOrEqualTo(162);
    }

    @Test
    void turnsNumberedAnyWayAreFound() {
        // Imported transcripts number turns as their source does (from 1, with gaps): never a list index.
        Meeting call = new Meeting("vtt-1", "Globex", "Check-in", "call", clock.instant(), 20,
                List.of(Meeting.Attendee.parse("Maria Lopez")),
                List.of(new Meeting.Turn(7, "Maria Lopez", "Hello everyone."),
                        new Meeting.Turn(12, "Maria Lopez", "The pricing for the second region worries me."),
                        new Meeting.Turn(40, "Jamie Park (SE)", "Thanks, talk soon.")));
        MeetingSearch search = new MeetingSearch();
        search.rebuild(List.of(call));
        Topic pricing = search.topic("pricing", MeetingScope.empty());

        assertThat(search.meetings(MeetingScope.empty(), pricing, ALL)).singleElement()
                .satisfies(hit -> assertThat(hit.bestTurn()).hasValueSatisfying(turn -> {
                    assertThat(turn.seq()).isEqualTo(12);
                    assertThat(turn.text()).contains("pricing");
                }));
        assertThat(search.turns(MeetingScope.empty(), pricing, 5)).extracting(hit -> hit.turn().seq())
                .containsExactly(12);
    }

    @Test
    void theCallAboutATopicOutranksALongCallThatBrushesItAndOnlyTheShownHitsCarryTheirBestTurn() {
        List<Meeting.Turn> longCall = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            longCall.add(new Meeting.Turn(i, "Maria Lopez", i % 20 == 0
                    ? "Pricing came up again briefly before we moved on."
                    : "We walked through the dashboard, the admin console and the export settings in detail."));
        }
        Meeting brushing = new Meeting("long-review", "Globex", "Quarterly review", "call",
                clock.instant().minusSeconds(60), 90, List.of(), longCall);
        Meeting about = new Meeting("short-pricing", "Globex", "Check-in", "call", clock.instant().minusSeconds(120),
                15, List.of(), List.of(new Meeting.Turn(1, "Maria Lopez", "Your pricing for a second region?"),
                        new Meeting.Turn(2, "Jamie Park (SE)", "Regional pricing is per seat; a quote follows."),
                        new Meeting.Turn(3, "Maria Lopez", "Then pricing is our main open question.")));
        MeetingSearch search = new MeetingSearch();
        search.rebuild(List.of(brushing, about));
        Topic pricing = search.topic("pricing", MeetingScope.empty());

        List<MeetingSearch.MeetingHit> hits = search.meetings(MeetingScope.empty(), pricing, 1);

        assertThat(hits).extracting(hit -> hit.meeting().id()).containsExactly("short-pricing", "long-review");
        assertThat(hits.get(0).bestTurn()).hasValueSatisfying(turn -> assertThat(turn.text()).contains("pricing"));
        assertThat(hits.get(1).bestTurn()).as("not shown, so not looked up").isEmpty();
        assertThat(search.meetings(MeetingScope.empty(), pricing, ALL).get(1).bestTurn()).isPresent();
    }

    @Test
    void quotesComeFromTheCallsMostAboutTheTopicNotFromAStrayLine() {
        List<Meeting> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(new Meeting("pricing-" + i, "Globex", "Pricing review " + i, "call",
                    clock.instant().minusSeconds(3600L * (i + 2)), 30, List.of(),
                    List.of(new Meeting.Turn(1, "Maria Lopez", "Walk me through the pricing for the second region."),
                            new Meeting.Turn(2, "Jamie Park (SE)", "Regional pricing follows the seat pricing."))));
        }
        List<Meeting.Turn> stray = new ArrayList<>();
        stray.add(new Meeting.Turn(0, "Maria Lopez", "Pricing?"));
        for (int i = 1; i < 60; i++) {
            stray.add(new Meeting.Turn(i, "Maria Lopez", "The dashboard export settings and the admin console."));
        }
        calls.add(new Meeting("stray", "Globex", "Dashboard walkthrough", "call", clock.instant().minusSeconds(60), 60,
                List.of(), stray));
        MeetingSearch search = new MeetingSearch();
        search.rebuild(calls);
        Topic pricing = search.topic("pricing", MeetingScope.empty());

        assertThat(search.turns(MeetingScope.empty(), pricing, 5)).hasSize(5)
                .allSatisfy(hit -> assertThat(hit.meeting().id()).startsWith("pricing-"));
        assertThat(search.turns(MeetingScope.empty(), pricing, ALL)).as("all matching turns when all are asked for")
                .anySatisfy(hit -> assertThat(hit.meeting().id()).isEqualTo("stray"));
    }

    @Test
    void anUpdateInPlaceAddsReplacesAndRemovesCalls() {
        MeetingSearch search = search("/meetings/scope-fixture.json");
        Meeting added = new Meeting("new-1", "Globex", "Kick-off", "call", clock.instant(), 20, List.of(),
                List.of(new Meeting.Turn(0, "Maria Lopez", "Let us talk about the zeppelin budget.")));
        search.apply(List.of(added), List.of("acme-old"));
        Topic zeppelin = search.topic("zeppelin", MeetingScope.empty());
        assertThat(search.size()).isEqualTo(4);
        assertThat(search.meetings(MeetingScope.empty(), zeppelin, ALL)).extracting(hit -> hit.meeting().id())
                .containsExactly("new-1");
        assertThat(ids(search, "calls about onboarding")).doesNotContain("acme-old");

        Meeting replaced = new Meeting("new-1", "Globex", "Kick-off", "call", clock.instant(), 20, List.of(),
                List.of(new Meeting.Turn(0, "Maria Lopez", "Only the airship now.")));
        search.apply(List.of(replaced), List.of());
        assertThat(search.size()).isEqualTo(4);
        assertThat(search.meetings(MeetingScope.empty(), zeppelin, ALL)).as("the old turns went with the old version")
                .isEmpty();
        assertThat(search.meetings(MeetingScope.empty(), search.topic("airship", MeetingScope.empty()), ALL)).hasSize(1);
    }

    @Test
    void theIndexHoldsTheNewestCallsUpToItsBound() {
        MeetingSearch search = new MeetingSearch(2);
        search.rebuild(SampleMeetings.load("/meetings/scope-fixture.json", clock));
        assertThat(search.size()).isEqualTo(2);
        assertThat(search.inScope(MeetingScope.empty())).extracting(Meeting::id)
                .containsExactly("acme-recent", "acme-it");
        assertThat(search.indexBytes()).isPositive();
        assertThat(search.transcriptChars()).isPositive();
    }

    @Test
    void aRebuildReplacesTheWholeIndex() {
        MeetingSearch search = search("/meetings/scope-fixture.json");
        assertThat(search.size()).isEqualTo(4);
        search.rebuild(List.of());
        assertThat(search.size()).isZero();
        assertThat(search.meetings(MeetingScope.empty(), search.topic("onboarding", MeetingScope.empty()), ALL)).isEmpty();
        search.rebuild(SampleMeetings.load(clock));
        assertThat(search.size()).isEqualTo(31);
    }
}
