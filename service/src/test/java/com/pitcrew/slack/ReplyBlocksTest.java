package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplyBlocksTest {

    private static String text(LayoutBlock block) {
        return ((SectionBlock) block).getText().getText();
    }

    @Test
    void itemsBecomeSectionsWithLinkedTitles() {
        Reply reply = new Reply("Found 2 calls about *pricing*:", List.of(
                new ReplyItem("Acme <> Beacon pricing", "12 Mar, 30 min", Optional.of("https://calls.example/1")),
                new ReplyItem("Globex renewal", "", Optional.empty())), true);

        List<LayoutBlock> blocks = ReplyBlocks.render(reply);

        assertThat(blocks).hasSize(4);
        assertThat(text(blocks.get(0))).isEqualTo("Found 2 calls about *pricing*:");
        assertThat(blocks.get(1)).isInstanceOf(DividerBlock.class);
        assertThat(text(blocks.get(2))).isEqualTo("*<https://calls.example/1|Acme &lt;&gt; Beacon pricing>*\n12 Mar, 30 min");
        assertThat(text(blocks.get(3))).isEqualTo("*Globex renewal*");
        assertThat(ReplyBlocks.fallbackText(reply)).contains("• Globex renewal");
    }

    @Test
    void aPlainReplyIsOneSection() {
        assertThat(ReplyBlocks.render(Reply.text("Hi!"))).singleElement()
                .satisfies(block -> assertThat(text(block)).isEqualTo("Hi!"));
    }

    @Test
    void longRepliesStayInsideSlacksLimits() {
        List<ReplyItem> items = IntStream.range(0, 80)
                .mapToObj(i -> new ReplyItem("call " + i, "", Optional.empty())).toList();
        Reply reply = new Reply("x".repeat(7000), items, false);

        List<LayoutBlock> blocks = ReplyBlocks.render(reply);

        assertThat(blocks).hasSize(ReplyBlocks.MAX_BLOCKS);
        assertThat(blocks.subList(0, 3)).allSatisfy(block ->
                assertThat(text(block).length()).isLessThanOrEqualTo(ReplyBlocks.MAX_SECTION_CHARS));
        assertThat(blocks.get(blocks.size() - 1)).isInstanceOf(ContextBlock.class);
        assertThat(ReplyBlocks.fallbackText(reply).length()).isLessThanOrEqualTo(ReplyBlocks.MAX_SECTION_CHARS);
    }

    @Test
    void aRateableAnswerKeepsItsFeedbackButtonsLastWhateverItsLength() {
        List<ReplyItem> items = IntStream.range(0, 80)
                .mapToObj(i -> new ReplyItem("call " + i, "", Optional.empty())).toList();
        for (Reply reply : List.of(Reply.text("Hi!"), new Reply("x".repeat(7000), items, false),
                new Reply("y\n".repeat(200_000), List.of(), true))) {
            List<LayoutBlock> blocks = ReplyBlocks.render(reply, true);

            assertThat(blocks.size()).isLessThanOrEqualTo(ReplyBlocks.MAX_BLOCKS);
            assertThat(blocks.get(blocks.size() - 1)).isInstanceOfSatisfying(
                    com.slack.api.model.block.ContextActionsBlock.class, block -> assertThat(block.getElements())
                            .singleElement().isInstanceOfSatisfying(
                                    com.slack.api.model.block.element.FeedbackButtonsElement.class, buttons -> {
                                        assertThat(buttons.getActionId()).isEqualTo(FeedbackButtons.RATING_ACTION);
                                        assertThat(buttons.getPositiveButton().getValue()).isEqualTo("up");
                                        assertThat(buttons.getNegativeButton().getValue()).isEqualTo("down");
                                    }));
            assertThat(blocks.subList(0, blocks.size() - 1)).as("the buttons appear once")
                    .noneMatch(com.slack.api.model.block.ContextActionsBlock.class::isInstance);
        }
    }

    @Test
    void aTwentyThousandCharacterAnswerIsSplitIntoValidSectionsOnLineBoundaries() {
        StringBuilder answer = new StringBuilder();
        for (int line = 0; answer.length() < 20_000; line++) {
            answer.append("Line ").append(line).append(": **Growth** includes SSO & SCIM <here>.\n");
        }
        Reply reply = new Reply(answer.toString(), List.of(new ReplyItem("source", "", Optional.empty())), true);

        List<LayoutBlock> blocks = ReplyBlocks.render(reply);

        assertThat(blocks.size()).isLessThanOrEqualTo(ReplyBlocks.MAX_BLOCKS);
        List<String> sections = blocks.stream().filter(SectionBlock.class::isInstance).map(ReplyBlocksTest::text)
                .toList();
        assertThat(sections).allSatisfy(section -> assertThat(section).hasSizeBetween(1, ReplyBlocks.MAX_SECTION_CHARS)
                .startsWith(section.startsWith("*source*") ? "*source*" : "Line ")
                .doesNotContain("<here>", "**"));
        assertThat(String.join("\n", sections.subList(0, sections.size() - 1)))
                .isEqualTo(SlackText.fromMarkdown(answer.toString().strip()));
    }

    @Test
    void anAnswerTooLongForFiftyBlocksIsCutWithANote() {
        Reply reply = Reply.text(("paragraph " + "x".repeat(2900) + "\n\n").repeat(60));

        List<LayoutBlock> blocks = ReplyBlocks.render(reply);

        assertThat(blocks).hasSize(ReplyBlocks.MAX_BLOCKS);
        assertThat(blocks.subList(0, ReplyBlocks.MAX_BLOCKS - 1)).allSatisfy(block ->
                assertThat(text(block).length()).isLessThanOrEqualTo(ReplyBlocks.MAX_SECTION_CHARS));
        assertThat(blocks.get(ReplyBlocks.MAX_BLOCKS - 1)).isInstanceOfSatisfying(ContextBlock.class, note ->
                assertThat(note.getElements().toString()).contains(ReplyBlocks.CUT_NOTE));
    }
}
