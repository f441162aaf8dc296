package com.pitcrew.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.intent.Classification;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.ProductionLabel;
import com.pitcrew.intent.RuleAgreement;
import com.pitcrew.storage.MigratedDatabase;
import com.pitcrew.storage.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The production_labels and rule_breakers tables on H2 and, when configured, MySQL/MariaDB. */
class ProductionLabelStoreTest {

    static Stream<String> databases() {
        return TestDatabase.kinds();
    }

    static ProductionLabel label(String text, String rule, double confidence, Intent pattern, Intent llm,
                                 ProductionLabel.Source source) {
        return new ProductionLabel(text, new Classification(pattern, confidence, rule), llm, source, "abcd1234");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void agreementCountsSkipGradeLabelsPerRuleInTheWindow(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            ProductionLabelStore store = new ProductionLabelStore(database.jdbi());
            store.insert(label("a", "r1", 0.95, Intent.SEARCH_CALLS, Intent.SEARCH_CALLS,
                    ProductionLabel.Source.VALIDATED), 1_000);
            store.insert(label("b", "r1", 0.9, Intent.SEARCH_CALLS, Intent.MEETING_QUESTION,
                    ProductionLabel.Source.SHADOW), 2_000);
            store.insert(label("below the threshold", "r1", 0.89, Intent.SEARCH_CALLS, Intent.HELP,
                    ProductionLabel.Source.VALIDATED), 2_000);
            store.insert(label("too old", "r1", 0.99, Intent.SEARCH_CALLS, Intent.HELP,
                    ProductionLabel.Source.VALIDATED), 10);
            store.insert(label("c", "r2", 0.97, Intent.HELP, Intent.HELP, ProductionLabel.Source.VALIDATED), 3_000);

            assertThat(store.agreementByRule(500, 0.9)).isEqualTo(Map.of(
                    "r1", new RuleAgreement(2, 1), "r2", new RuleAgreement(1, 1)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void afterAClearOnlyNewerLabelsCountForThatRule(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            ProductionLabelStore store = new ProductionLabelStore(database.jdbi());
            RuleBreakerStore breakers = new RuleBreakerStore(database.jdbi());
            for (long at : new long[] {1_000, 2_000, 3_000}) {
                store.insert(label("x", "r1", 0.95, Intent.SEARCH_CALLS, Intent.HELP,
                        ProductionLabel.Source.VALIDATED), at);
                store.insert(label("y", "r2", 0.95, Intent.HELP, Intent.OTHER, ProductionLabel.Source.VALIDATED), at);
            }
            assertThat(breakers.trip("r1", Optional.empty(), new RuleAgreement(2, 0), 0.9, "bad", "test", 2_500))
                    .isTrue();
            assertThat(breakers.clear("r1", "rules fixed", "alice", 2_500)).isTrue();

            assertThat(store.agreementByRule(0, 0.9)).isEqualTo(Map.of(
                    "r1", new RuleAgreement(1, 0), "r2", new RuleAgreement(3, 0)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void breakersTripOnceAndAStaleTripCannotUndoAClear(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            RuleBreakerStore breakers = new RuleBreakerStore(database.jdbi());
            RuleAgreement figures = new RuleAgreement(40, 20);
            assertThat(breakers.trip("r1", Optional.empty(), figures, 0.9, "bad", "a", 100)).isTrue();
            assertThat(breakers.trip("r1", Optional.empty(), figures, 0.9, "bad", "b", 101))
                    .as("another instance that saw no row").isFalse();
            RuleBreakerStore.Breaker tripped = breakers.find("r1").orElseThrow();
            assertThat(tripped).isEqualTo(new RuleBreakerStore.Breaker("r1", true, figures, 0.9, "bad", "a", 100));
            assertThat(breakers.trip("r1", Optional.of(tripped), figures, 0.9, "bad", "b", 102))
                    .as("already tripped").isFalse();

            assertThat(breakers.clear("r1", "fixed", "alice", 200)).isTrue();
            assertThat(breakers.clear("r1", "fixed", "alice", 201)).as("nothing open").isFalse();
            assertThat(breakers.trip("r1", Optional.of(tripped), figures, 0.9, "bad", "b", 202))
                    .as("computed from before the clear").isFalse();
            RuleBreakerStore.Breaker cleared = breakers.find("r1").orElseThrow();
            assertThat(cleared.tripped()).isFalse();
            assertThat(cleared.changedBy()).isEqualTo("alice");
            assertThat(breakers.trip("r1", Optional.of(cleared), figures, 0.9, "bad again", "c", 300)).isTrue();
            assertThat(breakers.find("missing")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theExportStreamsDisagreementsOrAllOldestFirst(String kind) throws Exception {
        try (MigratedDatabase database = MigratedDatabase.create(kind)) {
            ProductionLabelStore store = new ProductionLabelStore(database.jdbi());
            store.insert(label("late", "r1", 0.95, Intent.SEARCH_CALLS, Intent.HELP,
                    ProductionLabel.Source.SHADOW), 3_000);
            store.insert(label("agreed", "r1", 0.95, Intent.SEARCH_CALLS, Intent.SEARCH_CALLS,
                    ProductionLabel.Source.VALIDATED), 2_000);
            store.insert(label("early — ünïcode", "r2", 0.5, Intent.HELP, Intent.OTHER,
                    ProductionLabel.Source.VALIDATED), 1_000);

            List<ProductionLabelStore.StoredLabel> disagreements = new ArrayList<>();
            store.forEach(0, true, disagreements::add);
            assertThat(disagreements).containsExactly(
                    new ProductionLabelStore.StoredLabel("early — ünïcode", "help", "r2", 0.5, "other", "validated",
                            1_000),
                    new ProductionLabelStore.StoredLabel("late", "search_calls", "r1", 0.95, "help", "shadow", 3_000));

            List<ProductionLabelStore.StoredLabel> all = new ArrayList<>();
            store.forEach(2_000, false, all::add);
            assertThat(all).extracting(ProductionLabelStore.StoredLabel::text).containsExactly("agreed", "late");
        }
    }
}
