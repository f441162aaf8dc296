package com.pitcrew.meetings;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.directory.SampleDirectory;
import com.pitcrew.pipeline.MeetingScope;
import com.pitcrew.support.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MeetingResolverTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T15:00:00Z"));
    private final MeetingResolver resolver = new MeetingResolver(SampleDirectory.accounts(), clock);

    @Test
    void findsAccountsFromNamesAliasesAndContacts() {
        MeetingScope scope = resolver.resolve("what did Tyler say about onboarding, and any notes from Globex?");
        assertThat(scope.accounts()).containsExactly("Acme Corp", "Globex");
        assertThat(scope.people()).containsExactly("Tyler Chen");
    }

    @Test
    void wordsInsideOtherWordsDoNotMatch() {
        assertThat(resolver.resolve("the stakeholders in hooligan land").accounts()).isEmpty();
    }

    @Test
    void lastWeekIsTheCalendarWeekBefore() {
        MeetingScope.TimeRange range = resolver.resolve("calls last week about SSO").timeRange().orElseThrow();
        assertThat(range.from()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void lastNDaysCountsBackFromNow() {
        MeetingScope.TimeRange range = resolver.resolve("meetings in the past 14 days").timeRange().orElseThrow();
        assertThat(range.from()).isEqualTo(Instant.parse("2026-11-11T15:00:00Z"));
    }

    @Test
    void noTimePhraseNoRange() {
        assertThat(resolver.resolve("does Growth include SSO?").timeRange()).isEmpty();
    }
}
