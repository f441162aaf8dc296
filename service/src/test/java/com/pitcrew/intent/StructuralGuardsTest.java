package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Features that veto a confident skip whatever the keyword, and typos that match without being trusted. */
class StructuralGuardsTest {

    private static final PatternClassifier CLASSIFIER = PatternClassifier.loadDefault(() -> NameLexicon.EMPTY);

    @ParameterizedTest(name = "{0} -> {1}, guard {2}")
    @CsvSource(delimiter = '|', textBlock = """
            send the action items to Devika at Northwind                  | draft_email | outbound
            email the recap to Imani                                      | draft_email | outbound
            let Marguerite know what we decided on pricing                 | draft_email | outbound
            can you summarize calls?                                      | help        | capability
            is there a way to get action items sent to me after every call | help        | capability
            summarize this article <https://example.com/post>             | other       | not_a_call
            give me the tl;dr of this blog post                           | other       | not_a_call
            that's not what I asked                                       | other       | feedback
            """)
    void aGuardedMessageIsNeverConfident(String text, String intent, String guard) {
        PatternClassifier.Explanation explanation = CLASSIFIER.explain(text);
        assertThat(explanation.classification().intent().wireName()).isEqualTo(intent);
        assertThat(SkipThreshold.skips(explanation.classification(), SkipThreshold.DEFAULT)).isFalse();
        if (explanation.classification().intent() == Intent.DRAFT_EMAIL) {
            // With no LLM the pattern's intent is used from the fallback floor (0.5) up: a draft stays a draft.
            assertThat(explanation.classification().confidence()).isGreaterThanOrEqualTo(0.5);
        } else {
            assertThat(explanation.classification().confidence()).isLessThan(SkipThreshold.DEFAULT);
            assertThat(explanation.guards().contains(guard) || explanation.contested())
                    .as("%s: guards %s, contested %s", text, explanation.guards(), explanation.contested()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}: guard {1}")
    @CsvSource(delimiter = '|', textBlock = """
            can you recap a call for me or do I need to write it up myself   | capability
            could you list next steps across all accounts or only one call at a time | capability
            if I ask who Priya at Tamsin Labs talked to, will you know       | capability
            can you pull commitments from a call, or is that not a thing     | capability
            the Vesper Labs summary you gave me left out the pricing talk    | feedback
            your recap of the Orrin call missed half the next steps          | feedback
            follow up with Halvorsen about the renewal next steps            | outbound
            what should I type to get a recap of a call                      | capability
            how reliable are your answers and where does the data come from  | capability
            """)
    void aQuestionAboutTheBotFeedbackOrAFollowUpIsNeverSkipped(String text, String guard) {
        PatternClassifier.Explanation explanation = CLASSIFIER.explain(text);
        assertThat(SkipThreshold.skips(explanation.classification(), SkipThreshold.DEFAULT))
                .as("%s: %s", text, explanation).isFalse();
        assertThat(explanation.guards().contains(guard) || explanation.contested()
                || explanation.classification().intent().wireName().equals(guard.equals("outbound")
                        ? "draft_email" : guard.equals("capability") ? "help" : "other"))
                .as("%s: %s", text, explanation).isTrue();
    }

    @ParameterizedTest(name = "{0} is contested")
    @CsvSource(delimiter = '|', textBlock = """
            what does Ilse at Quorra expect from us after the pilot
            where do things stand on the items we told Marlow Health we'd handle
            what did I say I'd do after the Quorra demo
            what did Tamsin Labs say they'd send us after the pilot
            """)
    void aCommitmentSaidAsAnExpectationIsNotAConfidentQuestion(String text) {
        PatternClassifier.Explanation explanation = CLASSIFIER.explain(text);
        assertThat(SkipThreshold.skips(explanation.classification(), SkipThreshold.DEFAULT)
                && explanation.classification().intent() != Intent.ACTION_ITEMS).as("%s: %s", text, explanation)
                .isFalse();
    }

    @Test
    void anAcronymsPluralOrAMonthIsNoName() {
        assertThat(CLASSIFIER.explain("do we sign BAAs").preparedText()).isEqualTo("do we sign baas");
        assertThat(CLASSIFIER.explain("calls with Brightline between Nov 1 and Dec 3").preparedText())
                .isEqualTo("calls with xname between nov 1 and dec 3");
    }

    @Test
    void aGuardDoesNotVetoTheIntentItPointsAt() {
        PatternClassifier.Explanation help = CLASSIFIER.explain("what can you do?");
        assertThat(help.classification().intent()).isEqualTo(Intent.HELP);
        assertThat(help.guards()).doesNotContain("capability");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            sumarize the last call with Northwind | meeting_summary
            what are the actoin items from the Brightline call | action_items
            """)
    void aTypoOfATriggerWordMatchesButIsNotTrusted(String text, String intent) {
        PatternClassifier.Explanation explanation = CLASSIFIER.explain(text);
        assertThat(explanation.classification().intent().wireName()).isEqualTo(intent);
        assertThat(explanation.guards()).contains(RuleSet.TYPO_GUARD);
        assertThat(explanation.classification().confidence()).isLessThan(SkipThreshold.DEFAULT);
    }

    @Test
    void aCapitalisedWordNobodyEnteredIsAPossibleCustomer() {
        assertThat(CLASSIFIER.explain("what did Brightline say about SSO?").preparedText())
                .isEqualTo("what did xname say about sso?");
        // At a sentence's start an ordinary word stays a word; a word no dictionary knows is a name.
        assertThat(CLASSIFIER.explain("Recap the call with Northwind").preparedText())
                .isEqualTo("recap the call with xname");
        assertThat(CLASSIFIER.explain("Northwind asked whether SCIM is on Growth").preparedText())
                .isEqualTo("xname asked whether scim is on growth");
        assertThat(CLASSIFIER.explain("find calls with Pinecone Dental & Brightline Bank").preparedText())
                .isEqualTo("find calls with xname");
    }

    @Test
    void slackMarkupBecomesMarkers() {
        assertThat(CLASSIFIER.explain("<@U07PITCREW> what did <@U123ABC> promise jo@northwind.io? "
                + "see <https://example.com/x|this> :eyes:").preparedText())
                .isEqualTo("what did xperson promise xemail ? see xlink");
        assertThat(CLASSIFIER.classify(":tada: :tada:").intent()).isEqualTo(Intent.OTHER);
    }
}
