package com.pitcrew.meetings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptParserTest {

    private static TranscriptParser.Transcript parse(String file) throws IOException {
        try (InputStream in = TranscriptParserTest.class.getResourceAsStream("/meetings/import/" + file)) {
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return TranscriptParser.parse(TranscriptParser.Format.of(file).orElseThrow(), content);
        }
    }

    private static List<String> lines(TranscriptParser.Transcript transcript) {
        return transcript.turns().stream().map(turn -> turn.seq() + " " + turn.speaker() + ": " + turn.text()).toList();
    }

    @Test
    void zoomCuesWithSpeakerLabelsMergeBySpeaker() throws IOException {
        TranscriptParser.Transcript zoom = parse("zoom.vtt");
        assertThat(lines(zoom)).containsExactly(
                "0 Riley Stone: Thanks for making time today. I want to walk through pricing for the second region.",
                "1 Erlich Bachman: Our budget is tight & we need a discount.",
                "2 Riley Stone: I will send a quote with the annual discount by Friday.");
        assertThat(zoom.durationMinutes()).as("the last cue ends at 2:10").contains(2);
    }

    @Test
    void teamsVoiceTagsAndACueWithoutASpeakerContinuingThePreviousOne() throws IOException {
        assertThat(lines(parse("teams.vtt"))).containsExactly(
                "0 Monica Hall: Onboarding has to be done before the board meeting.",
                "1 Riley Stone: We can do onboarding in three weeks. with training for your admins.");
    }

    @Test
    void srtAndPlainText() throws IOException {
        assertThat(lines(parse("call.srt"))).containsExactly("0 Monica Hall: Can we keep the data in the EU?",
                "1 Riley Stone: Yes, the Frankfurt region.");
        TranscriptParser.Transcript plain = parse("plain.txt");
        assertThat(lines(plain)).containsExactly(
                "0 Monica Hall: We compared you with Looker. The dashboards were the difference.",
                "1 Riley Stone (AE): Good to hear.");
        assertThat(plain.durationMinutes()).isEmpty();
    }

    @Test
    void aBadFileNamesTheLine() {
        assertThatThrownBy(() -> parse("bad-timing.vtt")).isInstanceOf(ImportException.class)
                .hasMessageContaining("timing")
                .satisfies(e -> assertThat(((ImportException) e).line()).contains(6));
        assertThatThrownBy(() -> parse("nospeaker.srt")).isInstanceOf(ImportException.class)
                .hasMessageContaining("without a speaker")
                .satisfies(e -> assertThat(((ImportException) e).line()).contains(3));
        assertThatThrownBy(() -> TranscriptParser.parse(TranscriptParser.Format.VTT, "\n00:00:01.000 --> x\n"))
                .hasMessageContaining("first line must be WEBVTT")
                .satisfies(e -> assertThat(((ImportException) e).describe("a.vtt")).startsWith("a.vtt:2: "));
        assertThatThrownBy(() -> TranscriptParser.parse(TranscriptParser.Format.TEXT, "just words\n"))
                .hasMessageContaining("expected 'Speaker: text'")
                .satisfies(e -> assertThat(((ImportException) e).line()).contains(1));
        assertThatThrownBy(() -> TranscriptParser.parse(TranscriptParser.Format.VTT, "WEBVTT\n\n"))
                .hasMessageContaining("no speaker turns");
    }
}
