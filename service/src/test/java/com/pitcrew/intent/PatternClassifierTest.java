package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternClassifierTest {

    private static final PatternClassifier CLASSIFIER = PatternClassifier.loadDefault();

    @Test
    void theDesignExampleSkips() {
        Classification classification = CLASSIFIER.classify("search all recent calls about pricing");
        assertThat(classification.intent()).isEqualTo(Intent.SEARCH_CALLS);
        assertThat(classification.ruleId()).isEqualTo("search.imperative");
        // Its rule's worst measured cell (out of sample) decides: below what the in-sample record alone would claim.
        assertThat(classification.confidence()).isGreaterThanOrEqualTo(0.9).isLessThan(0.99);
        assertThat(SkipThreshold.skips(classification, SkipThreshold.DEFAULT)).isTrue();
    }

    @Test
    void aDraftIsRecognisedButNeverSkips() {
        Classification classification = CLASSIFIER.classify("draft an email to Tyler");
        assertThat(classification.intent()).isEqualTo(Intent.DRAFT_EMAIL);
        assertThat(SkipThreshold.skips(classification, SkipThreshold.DEFAULT)).isFalse();
        assertThat(SkipThreshold.skips(classification, 0.0)).isFalse();
    }

    @Test
    void aLeadingSlackMentionIsNotPartOfTheRequest() {
        assertThat(CLASSIFIER.classify("<@U07PITCREW> search all recent calls about pricing"))
                .isEqualTo(CLASSIFIER.classify("search all recent calls about pricing"));
        assertThat(CLASSIFIER.classify("<@U07PITCREW|pitcrew>   help").intent()).isEqualTo(Intent.HELP);
        assertThat(CLASSIFIER.explain("<@U07PITCREW>  What DID   Acme say?").preparedText())
                .isEqualTo("what did xacct say?");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            find calls about pricing                  | search_calls
            search calls about onboarding             | search_calls
            what did Acme say about pricing           | meeting_question
            what price was Acme quoted on the call    | meeting_question
            how much is Enterprise                    | product_question
            search for pricing info for Enterprise    | product_question
            draft a summary of the Acme call          | meeting_summary
            send Tyler the pricing                    | draft_email
            what did we promise Acme                  | action_items
            what do I owe Globex                      | action_items
            ok                                        | other
            nvm                                       | other
            👍                                        | other
            """)
    void boundaryExamplesOfIntentsMdAreClassifiedRight(String text, String intent) {
        assertThat(CLASSIFIER.classify(text).intent().wireName()).isEqualTo(intent);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            search for pricing info for Enterprise
            draft a summary of the Acme call
            """)
    void boundaryExamplesWhereRulesConflictAreNotConfident(String text) {
        assertThat(CLASSIFIER.classify(text).confidence()).isLessThan(SkipThreshold.DEFAULT);
    }

    @Test
    void aMessageNoRuleMatchesTakesTheSecondOpinionsGuessWithoutSkipping() {
        Classification classification = CLASSIFIER.classify("are you a robot");
        assertThat(classification.intent()).isEqualTo(SecondOpinion.loadDefault().predict("are you a robot"));
        assertThat(classification.ruleId()).isEqualTo(PatternClassifier.NO_RULE);
        assertThat(classification.confidence()).isLessThanOrEqualTo(RuleSet.loadDefault().policy()
                .noMatchMaxConfidence()).isLessThan(SkipThreshold.DEFAULT);
        assertThat(CLASSIFIER.classify("").ruleId()).isEqualTo(PatternClassifier.NO_RULE);
    }

    @Test
    void offTopicErrandsAreOtherButNeverConfident() {
        Classification classification = CLASSIFIER.classify("what's the weather in Austin");
        assertThat(classification.intent()).isEqualTo(Intent.OTHER);
        assertThat(classification.confidence()).isLessThan(SkipThreshold.DEFAULT);
    }

    @Test
    void smallTalkMayBeConfident() {
        Classification classification = CLASSIFIER.classify("thanks!");
        assertThat(classification.intent()).isEqualTo(Intent.OTHER);
        assertThat(classification.ruleId()).isEqualTo("other.smalltalk");
    }

    @Test
    void oneInstanceGivesTheSameAnswersFromManyThreads() throws Exception {
        List<LabelledMessage> corpus = CorpusFile.readLabelled(Corpora.DEV);
        List<Classification> expected = corpus.stream().map(m -> CLASSIFIER.classify(m.text())).toList();
        Callable<List<Classification>> task = () -> corpus.stream().map(m -> CLASSIFIER.classify(m.text())).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Classification>>> results = pool.invokeAll(List.of(task, task, task, task));
            for (Future<List<Classification>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
