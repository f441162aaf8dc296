package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.directory.AccountDirectory;
import com.pitcrew.directory.DirectoryStore;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.NameLexicon;
import com.pitcrew.intent.PatternClassifier;
import com.pitcrew.intent.RuleTrustView;
import com.pitcrew.intent.SkipThreshold;
import com.pitcrew.rollout.ProductionLabelStore;
import com.pitcrew.rollout.RuleBreakerStore;
import com.pitcrew.rollout.RuleTrustMonitor;
import com.pitcrew.storage.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * The pattern stage as the server decides with the configured database: its account directory's names, each rule's
 * live confidence from production agreement and the open rule breakers. Read once at start, nothing written but
 * what opening the database does on any start (migrations, seeding an empty directory). Without a database it says
 * so and decides with the sample world's names and no production trust. Immutable once opened.
 */
final class CommandDecisions {

    private final PatternClassifier classifier;
    private final RuleTrustView trust;

    private CommandDecisions(PatternClassifier classifier, RuleTrustView trust) {
        this.classifier = classifier;
        this.trust = trust;
    }

    static CommandDecisions open(PitCrewConfiguration configuration, PrintStream notices, Clock clock) {
        MetricRegistry metrics = new MetricRegistry();
        try (Database database = Database.open(configuration.getDatabase(), metrics)) {
            AccountDirectory directory = new AccountDirectory(new DirectoryStore(database.jdbi(), clock));
            directory.start();
            NameLexicon names = directory.names();
            RuleTrustView trust = RuleTrustMonitor.read(new ProductionLabelStore(database.jdbi()),
                    new RuleBreakerStore(database.jdbi()),
                    configuration.getRollout().ruleTrust(configuration.getIntent().getSkipThreshold()), clock.millis());
            notices.println(String.format(Locale.ROOT, "deciding as the server: %d accounts from the database, "
                            + "production trust for %d rules, open breakers %s", directory.accounts().size(),
                    trust.agreements().size(), trust.openBreakers().stream().sorted().toList()));
            return new CommandDecisions(PatternClassifier.loadDefault(() -> names), trust);
        } catch (RuntimeException e) {
            notices.println("database unavailable (" + e.getClass().getSimpleName() + "): deciding with the sample "
                    + "world's names and no production trust");
            return new CommandDecisions(PatternClassifier.loadDefault(), RuleTrustView.EMPTY);
        }
    }

    /** The explanation with the classification's live confidence. */
    PatternClassifier.Explanation explain(String text) {
        PatternClassifier.Explanation explanation = classifier.explain(text);
        return new PatternClassifier.Explanation(trust.apply(explanation.classification()),
                explanation.preparedText(), explanation.contested(), explanation.guards());
    }

    Classification classify(String text) {
        return explain(text).classification();
    }

    boolean skips(Classification classification, double threshold) {
        return SkipThreshold.skips(classification, threshold, openBreakers());
    }

    Set<String> openBreakers() {
        return trust.openBreakers();
    }
}
