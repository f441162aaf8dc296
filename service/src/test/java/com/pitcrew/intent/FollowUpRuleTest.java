package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.support.TestApps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowUpRuleTest {

    private static final Path RESOURCES = TestApps.repoRoot().resolve("service/src/test/resources");

    private final PatternClassifier classifier = PatternClassifier.loadDefault();
    private final FollowUpRule rule = FollowUpRule.shipped();

    private Optional<FollowUpRule.FollowUp> after(Intent previous, String text) {
        return rule.recognise(text, classifier.classify(text), previous, classifier.namesSomeone(text));
    }

    @Test
    void theThreeTurnsOfAThreadAreReadWithWhatCameBefore() {
        assertThat(after(Intent.MEETING_QUESTION, "and Globex?")).hasValueSatisfying(followUp -> {
            assertThat(followUp.kind()).isEqualTo(FollowUpRule.Kind.CONTINUE);
            assertThat(followUp.classification().intent()).isEqualTo(Intent.MEETING_QUESTION);
            assertThat(followUp.classification().ruleId()).isEqualTo("followup.continue");
        });
        assertThat(after(Intent.MEETING_QUESTION, "draft an email to Tyler about it")).hasValueSatisfying(email -> {
            assertThat(email.kind()).isEqualTo(FollowUpRule.Kind.EMAIL);
            assertThat(email.classification().intent()).isEqualTo(Intent.DRAFT_EMAIL);
            assertThat(email.classification().vetoed()).as("an inherited email never skips").isTrue();
        });
    }

    @Test
    void reworkingAnAnswerKeepsItsIntentAndAskingForAnotherKindSwitches() {
        assertThat(after(Intent.MEETING_SUMMARY, "shorter pls")).hasValueSatisfying(followUp -> {
            assertThat(followUp.kind()).isEqualTo(FollowUpRule.Kind.REFORMULATE);
            assertThat(followUp.classification().intent()).isEqualTo(Intent.MEETING_SUMMARY);
        });
        assertThat(after(Intent.MEETING_SUMMARY, "now the action items"))
                .hasValueSatisfying(followUp -> assertThat(followUp.classification().intent())
                        .isEqualTo(Intent.ACTION_ITEMS));
        assertThat(after(Intent.SEARCH_CALLS, "what about last month?"))
                .hasValueSatisfying(followUp -> assertThat(followUp.classification().intent())
                        .isEqualTo(Intent.SEARCH_CALLS));
    }

    @Test
    void aPronounThatCanOnlyMeanTheThreadsAccountOrPersonInheritsItsScope() {
        assertThat(after(Intent.MEETING_QUESTION, "what did they push back on the most")).hasValueSatisfying(
                followUp -> {
                    assertThat(followUp.kind()).isEqualTo(FollowUpRule.Kind.PRONOUN);
                    assertThat(followUp.classification().intent()).isEqualTo(Intent.MEETING_QUESTION);
                    assertThat(followUp.classification().ruleId()).isEqualTo("followup.pronoun");
                });
        assertThat(after(Intent.MEETING_SUMMARY, "did he say who signs off on the budget"))
                .hasValueSatisfying(followUp -> assertThat(followUp.kind()).isEqualTo(FollowUpRule.Kind.PRONOUN));
        // The pronoun points at whoever the message names, or at nobody in a product question.
        assertThat(after(Intent.MEETING_QUESTION, "did Globex say they need SAML on the last call?")).isEmpty();
        assertThat(after(Intent.MEETING_QUESTION, "what did Omar Haddad say about his team's rollout plan"))
                .isEmpty();
        assertThat(after(Intent.MEETING_QUESTION, "what do they get on the enterprise plan")).isEmpty();
        // Without a lexicon to tell whether a message names someone, no pronoun is read as a follow-up.
        assertThat(rule.recognise("what did they push back on the most",
                classifier.classify("what did they push back on the most"), Intent.MEETING_QUESTION)).isEmpty();
    }

    @Test
    void aQuestionOfItsOwnOrSmallTalkIsNotAFollowUp() {
        assertThat(after(Intent.MEETING_QUESTION, "thanks!")).isEmpty();
        assertThat(after(Intent.MEETING_QUESTION, "what did Initech say about SSO on the last call?")).isEmpty();
        assertThat(after(Intent.MEETING_SUMMARY, "does the Growth plan include SCIM provisioning?")).isEmpty();
    }

    @Test
    void theShippedConfidencesAreTheWorseOfTheInSampleAndBlindRecords() throws IOException {
        FollowUpRule uniform = new FollowUpRule(FollowUpCalibration.uniform());
        FollowUpCalibration.Counts inSample = FollowUpCalibration.measure(
                FollowUpCalibration.read(RESOURCES.resolve("followups-calibration.jsonl")), classifier, uniform);
        FollowUpCalibration.Counts blind = FollowUpCalibration.measure(
                FollowUpCalibration.read(RESOURCES.resolve("followups-calibration2-blind.jsonl")), classifier,
                uniform);
        double cap = FollowUpCalibration.unmeasuredMaxConfidence();
        int minOutOfSample = FollowUpCalibration.minOutOfSample();
        JsonNode shipped;
        try (InputStream in = FollowUpRule.class.getResourceAsStream(FollowUpRule.RESOURCE)) {
            shipped = new ObjectMapper().readTree(in);
        }
        for (FollowUpRule.Kind kind : FollowUpRule.Kind.values()) {
            String stale = kind.ruleId() + ": regenerate intent-followups.json (FollowUpCalibration)";
            assertThat(shipped.at("/measured/" + kind.ruleId()).asDouble()).as(stale).isEqualTo(inSample.measured(kind));
            assertThat(shipped.at("/blindMeasured/" + kind.ruleId()).asDouble()).as(stale)
                    .isEqualTo(blind.measured(kind));
            double expected = FollowUpCalibration.confidence(inSample, Optional.of(blind), kind, cap, minOutOfSample);
            assertThat(rule.confidence(kind)).as(kind.ruleId()).isEqualTo(expected)
                    .isLessThanOrEqualTo(blind.measured(kind));
        }
    }

    @Test
    void aRuleWithoutAnOutOfSampleRecordIsCappedBelowTheSkipThreshold() throws IOException {
        FollowUpCalibration.Counts inSample = FollowUpCalibration.measure(
                FollowUpCalibration.read(RESOURCES.resolve("followups-calibration.jsonl")), classifier,
                new FollowUpRule(FollowUpCalibration.uniform()));
        double cap = FollowUpCalibration.unmeasuredMaxConfidence();
        for (FollowUpRule.Kind kind : FollowUpRule.Kind.values()) {
            assertThat(FollowUpCalibration.confidence(inSample, Optional.empty(), kind, cap, 5))
                    .isLessThanOrEqualTo(cap).isLessThan(SkipThreshold.DEFAULT);
        }
    }

    @Test
    void onTheFrozenThreadsTheRulesReadMoreFollowUpsRightThanReadingEachMessageAlone() throws IOException {
        var turns = FollowUpCalibration.read(RESOURCES.resolve("followups-blind.jsonl"));
        FollowUpCalibration.Counts counts = FollowUpCalibration.measure(turns, classifier, rule);
        long alone = 0;
        FollowUpCalibration.Turn previous = null;
        for (FollowUpCalibration.Turn turn : turns) {
            boolean later = previous != null && previous.thread().equals(turn.thread());
            if (later && turn.followUp() && classifier.classify(turn.text()).intent() == turn.intent()) {
                alone++;
            }
            previous = turn;
        }
        System.out.printf("followups-blind: rules %d of %d fired right (precision %.3f), %d of %d follow-ups "
                        + "read right; alone %d of %d%n", counts.correct(), counts.fired(), counts.precision(),
                counts.followUpsRecognised(), counts.followUps(), alone, counts.followUps());
        assertThat(counts.followUpsRecognised()).isGreaterThan(alone);
    }

    @Test
    void aBadLineInAThreadsFileIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("threads.jsonl");
        Files.writeString(file, """
                {"thread":"t1","turn":1,"text":"hi","followUp":false,"intent":"other"}
                {"thread":"t1","turn":2,"text":"x","followUp":true,"intent":"nope"}
                """);
        assertThatThrownBy(() -> FollowUpCalibration.read(file)).hasMessageContaining("line 2");
    }
}
