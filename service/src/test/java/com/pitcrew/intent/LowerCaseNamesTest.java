package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LowerCaseNamesTest {

    private static final RuleSet RULES = RuleSet.loadDefault();
    private static final MessageText TEXT = RULES.messageText(NameLexicon.EMPTY);

    @Test
    void anUnknownLowerCaseWordIsAPossibleName() {
        assertThat(TEXT.prepare("what was the pushback from brightline on the growth plan").text())
                .contains("from xname").contains("growth plan");
        assertThat(TEXT.prepare("send the recap of yesterday's call to imani").text()).endsWith("to xname");
    }

    @Test
    void englishWordsRuleWordsAndTyposStayWords() {
        MessageText.Prepared prepared = TEXT.prepare("sumarize the calls about pricing and onboarding");
        assertThat(prepared.text()).isEqualTo("summarize the calls about pricing and onboarding");
        assertThat(prepared.corrections()).isEqualTo(1);
        assertThat(TEXT.prepare("does growth include hubspot and sso").text()).doesNotContain("xname");
    }
}
