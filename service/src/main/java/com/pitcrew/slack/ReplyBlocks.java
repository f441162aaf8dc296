package com.pitcrew.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.section;

import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Reply} as Block Kit: the text as sections, a divider, one section per list item (title linked
 * when the item has a link), and a plain-text fallback for notifications. Every piece of the reply is data (an LLM
 * answer, a transcript, Airtable), so all of it goes through {@link SlackText}; only the notes added here are ours.
 * Stays inside Slack's limits for any length: 3,000 characters a section, 50 blocks a message. Stateless.
 */
final class ReplyBlocks {

    static final int MAX_SECTION_CHARS = 3000;
    static final int MAX_BLOCKS = 50;
    static final String CUT_NOTE = "_This answer is longer than one Slack message can hold; the rest was cut._";

    private ReplyBlocks() {
    }

    static List<LayoutBlock> render(Reply reply) {
        return render(reply, false);
    }

    /** With {@code rateable}, the answer ends in the 👍/👎 buttons, which keep their block whatever the length. */
    static List<LayoutBlock> render(Reply reply, boolean rateable) {
        List<LayoutBlock> blocks = content(reply, rateable ? MAX_BLOCKS - 1 : MAX_BLOCKS);
        if (rateable) {
            blocks.add(FeedbackButtons.block());
        }
        return blocks;
    }

    private static List<LayoutBlock> content(Reply reply, int maxBlocks) {
        List<String> text = SlackText.split(SlackText.fromMarkdown(reply.text()), MAX_SECTION_CHARS);
        List<LayoutBlock> blocks = new ArrayList<>();
        if (text.size() >= maxBlocks) {
            // One block stays free for the note saying so; the items cannot fit either.
            text.subList(0, maxBlocks - 1).forEach(chunk -> blocks.add(section(s -> s.text(mrkdwn(chunk)))));
            blocks.add(note(CUT_NOTE));
            return blocks;
        }
        text.forEach(chunk -> blocks.add(section(s -> s.text(mrkdwn(chunk)))));
        addItems(blocks, reply.items(), maxBlocks);
        return blocks;
    }

    /**
     * What goes under a streamed answer's text, which Slack shows from the stream itself: the items after a divider,
     * and with {@code rateable} the feedback buttons. Within the same block limit as {@link #render}.
     */
    static List<LayoutBlock> underStreamed(Reply reply, boolean rateable) {
        List<LayoutBlock> blocks = new ArrayList<>();
        addItems(blocks, reply.items(), rateable ? MAX_BLOCKS - 1 : MAX_BLOCKS);
        if (rateable) {
            blocks.add(FeedbackButtons.block());
        }
        return blocks;
    }

    private static void addItems(List<LayoutBlock> blocks, List<ReplyItem> items, int maxBlocks) {
        if (items.isEmpty()) {
            return;
        }
        if (blocks.size() > maxBlocks - 3) {
            // No room for a divider, an item and a note: say how many were left out.
            blocks.add(note("…and " + items.size() + " more"));
            return;
        }
        blocks.add(divider());
        int room = maxBlocks - blocks.size();
        int shown = items.size() <= room ? items.size() : room - 1;
        items.stream().limit(shown).forEach(item -> blocks.add(section(s -> s.text(mrkdwn(item(item))))));
        if (shown < items.size()) {
            blocks.add(note("…and " + (items.size() - shown) + " more"));
        }
    }

    /** What notifications and clients without Block Kit show; escaped like the blocks, since Slack parses it too. */
    static String fallbackText(Reply reply) {
        StringBuilder text = new StringBuilder(SlackText.fromMarkdown(reply.text()));
        for (ReplyItem item : reply.items()) {
            text.append("\n• ").append(SlackText.escape(item.title()));
        }
        return SlackText.truncate(text.toString(), MAX_SECTION_CHARS);
    }

    private static String item(ReplyItem item) {
        String heading = "*" + item.link().map(link -> SlackText.link(link, item.title()))
                .orElseGet(() -> SlackText.escape(item.title())) + "*";
        String detail = item.detail().isBlank() ? "" : "\n" + SlackText.fromMarkdown(item.detail());
        return SlackText.truncate(heading + detail, MAX_SECTION_CHARS);
    }

    /** Verbatim: Slack must not turn words of the text into mentions or links on its own; ours are explicit. */
    private static MarkdownTextObject mrkdwn(String text) {
        return MarkdownTextObject.builder().text(text).verbatim(true).build();
    }

    private static LayoutBlock note(String text) {
        return context(c -> c.elements(List.of(mrkdwn(text))));
    }
}
