package com.pitcrew.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LlmResultTest {

    @Test
    void everyReasonHasPlainWordsWithoutItsCode() {
        for (LlmResult.Reason reason : LlmResult.Reason.values()) {
            assertThat(reason.inWords()).as(reason.name()).isNotBlank()
                    .doesNotContain(reason.wireName()).doesNotContain("_").doesNotContain("(");
        }
    }
}
