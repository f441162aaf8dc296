package com.pitcrew.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pitcrew.intent.NameLexicon;
import com.pitcrew.intent.PatternClassifier;
import com.pitcrew.meetings.MeetingResolver;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.Concurrently;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The account directory on H2 and on MySQL/MariaDB: seeding, runtime accounts, and what reads the snapshot. */
class AccountDirectoryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    private static final Account KESTREL = new Account("Kestrel Aero", List.of("Kestrel", "KAero"),
            List.of(new Contact("Nadia Brandt", "Head of IT"), new Contact("Olu Bakare", Optional.empty())));

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void startSeedsTheSampleWorldOnceAndLoadsIt(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            DirectoryStore store = new DirectoryStore(database.jdbi(), CLOCK);
            AccountDirectory first = new AccountDirectory(store);
            assertThat(first.accounts()).as("empty before start").isEmpty();
            assertThat(first.names()).isEqualTo(NameLexicon.EMPTY);

            first.start();
            List<Account> sample = AccountDirectory.sampleWorld();
            assertThat(sample).hasSize(12);
            assertThat(first.accounts()).containsExactlyInAnyOrderElementsOf(sample);
            assertThat(first.names().accounts()).contains("Acme Corp", "acme", "Umbrella Health", "umbrella");
            assertThat(first.names().people()).contains("Tyler Chen", "Tyler", "Dana Whitfield", "Dana");

            assertThat(store.seedIfEmpty(sample)).as("a directory with accounts is left alone").isZero();
            AccountDirectory second = new AccountDirectory(store);
            second.start();
            assertThat(store.count()).as("a second start seeds nothing").isEqualTo(12);
            assertThat(second.accounts()).containsExactlyInAnyOrderElementsOf(sample);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoWritersAddingTheSameNewAccountBothSucceed(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            DirectoryStore store = new DirectoryStore(database.jdbi(), CLOCK);

            List<Throwable> failures = Concurrently.twoWriters(20, round -> store.upsert(
                    new Account("Race " + round, List.of(), List.of(new Contact("Ada Race", "CTO")))));

            assertThat(failures).isEmpty();
            assertThat(store.count()).isEqualTo(20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void upsertKeepsOrderReplacesAliasesAndContactsAndRefusesAnotherAccountsAlias(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            DirectoryStore store = new DirectoryStore(database.jdbi(), CLOCK);
            store.upsert(KESTREL);
            assertThat(store.all()).containsExactly(new Account("Kestrel Aero", List.of("kestrel", "kaero"),
                    KESTREL.contacts()));
            assertThat(store.all().get(0).contacts().get(1).role()).as("a contact without a role").isEmpty();

            Account renamed = new Account("Kestrel Aero", List.of("kestrel"),
                    List.of(new Contact("Olu Bakare", "Procurement"), new Contact("Nadia Brandt", "CIO")));
            store.upsert(renamed);
            assertThat(store.all()).containsExactly(renamed);

            Account thief = new Account("Kestrel Holdings", List.of("Kestrel"), List.of());
            assertThatThrownBy(() -> store.upsert(thief)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kestrel");
            assertThat(store.all()).as("the refused upsert stored nothing").containsExactly(renamed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAccountAddedAtRuntimeIsResolvedAndRecognisedAfterReload(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            DirectoryStore store = new DirectoryStore(database.jdbi(), CLOCK);
            AccountDirectory directory = new AccountDirectory(store);
            directory.start();
            MeetingResolver resolver = new MeetingResolver(directory::accounts, CLOCK);
            PatternClassifier classifier = PatternClassifier.loadDefault(directory::names);
            String question = "what did Kestrel Aero say about SSO?";

            assertThat(resolver.resolve(question).accounts()).isEmpty();
            assertThat(classifier.explain(question).preparedText()).doesNotContain("xacct");
            List<Account> before = directory.accounts();
            long version = directory.names().version();

            store.upsert(KESTREL);
            assertThat(directory.accounts()).as("a snapshot: unchanged until reload").isSameAs(before);
            directory.reload();

            assertThat(directory.names().version()).isGreaterThan(version);
            assertThat(resolver.resolve(question).accounts()).containsExactly("Kestrel Aero");
            assertThat(resolver.resolve("recap the last call with Nadia").people()).containsExactly("Nadia Brandt");
            assertThat(resolver.resolve("recap the last call with Nadia").accounts()).containsExactly("Kestrel Aero");
            assertThat(classifier.explain(question).preparedText()).contains("xacct");
            assertThat(PatternClassifier.loadDefault(directory::names).explain(question).preparedText())
                    .contains("xacct");
            assertThat(resolver.resolve("what did Acme say about onboarding?").accounts())
                    .as("the seeded accounts are still there").containsExactly("Acme Corp");
        }
    }
}
