package com.pitcrew.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import com.slack.api.model.block.LayoutBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Reply} as Block Kit: the text as sections, a divider, one section per list item (title linked
 * when the item has a link), and a plain-text fallback for notifications. Stays inside Slack's limits (3000
 * characters a section, 50 blocks a message). Stateless.
 */
final class ReplyBlocks {

    static final int MAX_SECTION_CHARS = 3000;
    static final int MAX_BLOCKS = 50;

    private ReplyBlocks() {
    }

    static List<LayoutBlock> render(Reply reply) {
        List<LayoutBlock> blocks = new ArrayList<>();
        for (String chunk : chunks(reply.text())) {
            blocks.add(section(s -> s.text(markdownText(chunk))));
        }
        if (!reply.items().isEmpty()) {
            blocks.add(divider());
            // Two blocks stay free: the divider above and the "more" note below.
            int room = MAX_BLOCKS - blocks.size() - 1;
            List<ReplyItem> items = reply.items();
            items.stream().limit(room).forEach(item -> blocks.add(section(s -> s.text(markdownText(item(item))))));
            if (items.size() > room) {
                int more = items.size() - room;
                blocks.add(context(c -> c.elements(List.of(markdownText("…and " + more + " more")))));
            }
        }
        return blocks;
    }

    /** What notifications and clients without Block Kit show. */
    static String fallbackText(Reply reply) {
        StringBuilder text = new StringBuilder(reply.text());
        for (ReplyItem item : reply.items()) {
            text.append("\n• ").append(item.title());
        }
        return text.length() <= MAX_SECTION_CHARS ? text.toString() : text.substring(0, MAX_SECTION_CHARS - 1) + "…";
    }

    private static String item(ReplyItem item) {
        String title = escape(item.title());
        String heading = item.link().map(link -> "*<" + link + "|" + title + ">*").orElse("*" + title + "*");
        String detail = item.detail().isBlank() ? "" : "\n" + item.detail();
        String text = heading + detail;
        return text.length() <= MAX_SECTION_CHARS ? text : text.substring(0, MAX_SECTION_CHARS - 1) + "…";
    }

    /** Slack mrkdwn control characters in titles from data, not from us. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static List<String> chunks(String text) {
        String body = text.isBlank() ? " " : text;
        List<String> chunks = new ArrayList<>();
        for (int start = 0; start < body.length(); start += MAX_SECTION_CHARS) {
            chunks.add(body.substring(start, Math.min(body.length(), start + MAX_SECTION_CHARS)));
        }
        return chunks;
    }
}
