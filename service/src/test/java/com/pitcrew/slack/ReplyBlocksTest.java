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
}
