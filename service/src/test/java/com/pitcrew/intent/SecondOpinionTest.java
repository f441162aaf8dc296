package com.pitcrew.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecondOpinionTest {

    private static final SecondOpinion SHIPPED = SecondOpinion.loadDefault();
    private static final RuleSet RULES = RuleSet.loadDefault();
    private static final MessageText TEXT = RULES.messageText(NameLexicon.sampleWorld());

    @Test
    void agreementLeavesTheMatchAsItWas() {
        MessageText.Prepared prepared = TEXT.prepare("summarize the Acme call from yesterday");
        RuleSet.Match rules = RULES.match(prepared);
        assertThat(rules.winner().intent()).isEqualTo(Intent.MEETING_SUMMARY);
        assertThat(SHIPPED.match(RULES, prepared)).isEqualTo(rules);
    }

    @Test
    void aDisagreementGuardsTheMatchSoItCannotSkip() {
        // A model trained to call everything help disagrees with any other rule.
        SecondOpinion alwaysHelp = SecondOpinion.train(List.of("what can you do", "help"),
                List.of(Intent.HELP, Intent.HELP));
        MessageText.Prepared prepared = TEXT.prepare("summarize the Acme call from yesterday");
        RuleSet.Match reviewed = alwaysHelp.match(RULES, prepared);
        assertThat(reviewed.winner().intent()).isEqualTo(Intent.MEETING_SUMMARY);
        assertThat(reviewed.guards()).contains(SecondOpinion.GUARD);
        NameLexicon sample = NameLexicon.sampleWorld();
        assertThat(new PatternClassifier(RULES, Calibration.loadDefault(), alwaysHelp, () -> sample)
                .classify("summarize the Acme call from yesterday").confidence())
                .isLessThan(SkipThreshold.DEFAULT);
    }

    @Test
    void noRuleMeansNothingToReview() {
        MessageText.Prepared prepared = TEXT.prepare("zxq qqv");
        RuleSet.Match rules = RULES.match(prepared);
        assertThat(rules.winner()).isNull();
        assertThat(SHIPPED.match(RULES, prepared)).isEqualTo(rules);
    }

    @Test
    void aWrittenModelReadsBackTheSame(@TempDir Path folder) throws IOException {
        SecondOpinion trained = SecondOpinion.train(List.of("list calls about pricing", "what can you do"),
                List.of(Intent.SEARCH_CALLS, Intent.HELP));
        Path file = folder.resolve("model.txt.gz");
        trained.write(file);
        try (var in = Files.newInputStream(file)) {
            assertThat(SecondOpinion.read(in).sameAs(trained)).isTrue();
        }
        assertThat(trained.predict("list calls about onboarding")).isEqualTo(Intent.SEARCH_CALLS);
    }

    @Test
    void aMalformedModelNamesTheLine() {
        assertThatThrownBy(() -> SecondOpinion.read(gzip("pitcrew-second-opinion v2 32768\nclass help 5\n12 x y\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("line 3");
        assertThatThrownBy(() -> SecondOpinion.read(gzip("something else\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("not a second-opinion model");
    }

    private static ByteArrayInputStream gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
