package com.pitcrew.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place text becomes Slack mrkdwn. Everything a reply says that did not come from our own templates (LLM
 * answers, transcript lines, Airtable records, meeting titles) passes {@link #fromMarkdown} or {@link #escape}:
 * {@code & < >} are escaped first, so no such text can form {@code <!channel>}, {@code <!here>}, {@code <@U…>},
 * {@code <!subteam^…>} or a link of its own; only then is the model's Markdown turned into mrkdwn, and the only
 * angle brackets in the result are links built here from http(s) URLs. Our templates use mrkdwn's {@code *bold*}
 * and {@code _italic_}, which escaping leaves alone, and contain no {@code < >}. {@link #split} keeps each piece
 * within a section's 3,000 characters without cutting a link or an entity in two. Stateless.
 */
final class SlackText {

    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*|__(?=\\S)(.+?)(?<=\\S)__");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    /** A Markdown link, or a bare URL; both after escaping, so a URL's ampersand is already escaped. */
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^\\s()|]+)\\)"
            // A bare URL ends before an escaped bracket and before trailing punctuation of the sentence.
            + "|(https?://(?:(?!&[lg]t;)[^\\s()|\\[\\]])*(?:(?!&[lg]t;)[^\\s()|\\[\\].,;:!?'\"]))");
    private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s<>|]+");
    /** An inline Markdown link to an http(s) URL: the only link a streamed answer may form. */
    private static final Pattern TEMPLATE_BOLD = Pattern.compile("(?<![*\\\\])\\*(?![*\\s])([^*\\n]+?)(?<!\\s)\\*(?!\\*)");
    private static final Pattern MARKDOWN_LINK =
            Pattern.compile("\\[([^\\[\\]\\n]{1,300})]\\((https?://[^\\s()<>\\[\\]]{1,2000})\\)");
    private static final String FENCE = "```";

    private SlackText() {
    }

    /** Slack's three control characters, escaped as Slack asks; nothing else changes. */
    static String escape(String untrusted) {
        return untrusted.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Escapes {@code text} and converts its Markdown: {@code **bold**} → {@code *bold*}, {@code ~~x~~} → {@code ~x~},
     * headings → bold lines, {@code - item} → {@code • item}, {@code [text](url)} and bare URLs → Slack links.
     * Code blocks and inline code are kept as they are (escaped), as mrkdwn shows them alike.
     */
    static String fromMarkdown(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean inFence = false;
        for (String line : escape(text).split("\n", -1)) {
            if (line.strip().startsWith(FENCE)) {
                inFence = !inFence;
                out.append(line);
            } else {
                out.append(inFence ? line : convertLine(line));
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /**
     * Untrusted text for Slack's standard-Markdown fields ({@code markdown_text} of the stream methods): {@code & < >}
     * become entities (no Slack syntax such as {@code <!channel>}, no HTML), backslashes are doubled (the model's
     * escapes cannot undo ours), and square brackets are escaped except in an inline link to an http(s) URL, so no
     * other link, reference or image forms. Character by character but for such links: a text converted in pieces
     * cut where {@link #markdownSafeEnd} allows reads as the text converted whole.
     */
    static String toMarkdownText(String untrusted) {
        StringBuilder out = new StringBuilder(untrusted.length() + 16);
        Matcher link = MARKDOWN_LINK.matcher(untrusted);
        int at = 0;
        while (link.find()) {
            out.append(markdownPlain(untrusted.substring(at, link.start())))
                    .append('[').append(markdownPlain(link.group(1))).append("](")
                    .append(escape(link.group(2))).append(')');
            at = link.end();
        }
        return out.append(markdownPlain(untrusted.substring(at))).toString();
    }

    /**
     * Our own template text (mrkdwn: {@code *bold*}) for the same fields: escaped as {@link #toMarkdownText}, its
     * single-asterisk bold made Markdown's double, so a heading reads bold in a stream as in a posted reply.
     */
    static String templateToMarkdownText(String mrkdwn) {
        return TEMPLATE_BOLD.matcher(toMarkdownText(mrkdwn)).replaceAll("**$1**");
    }

    /**
     * How much of {@code text}, still being written, may be converted now: all of it, unless it ends in the start
     * of what more text could make a link, which is held back until it closes or cannot be one.
     */
    static int markdownSafeEnd(String text) {
        int open = text.lastIndexOf('[');
        if (open < 0) {
            return text.length();
        }
        // A link's label holds no '[': only the last one can still be opening a link.
        Matcher link = MARKDOWN_LINK.matcher(text).region(open, text.length());
        return !link.lookingAt() && link.hitEnd() ? open : text.length();
    }

    private static String markdownPlain(String text) {
        return escape(text.replace("\\", "\\\\")).replace("[", "\\[").replace("]", "\\]");
    }

    /** A link to {@code url} labelled with untrusted {@code label}; just the label when the URL is not plain http(s). */
    static String link(String url, String label) {
        String escapedLabel = escape(label).replace("|", "¦");
        return SAFE_URL.matcher(url).matches() ? "<" + escape(url) + "|" + escapedLabel + ">" : escapedLabel;
    }

    /**
     * Splits formatted mrkdwn into pieces of at most {@code max} characters, at a paragraph break if one is near
     * enough, else a line break, else a space, else anywhere; never inside {@code <…>} or an {@code &…;} entity.
     */
    static List<String> split(String mrkdwn, int max) {
        List<String> pieces = new ArrayList<>();
        String rest = mrkdwn;
        while (rest.length() > max) {
            int cut = cutPoint(rest, max);
            String piece = rest.substring(0, cut).stripTrailing();
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isBlank() || pieces.isEmpty()) {
            // A section's text cannot be empty: a blank reply is one space.
            pieces.add(rest.isBlank() ? " " : rest.stripTrailing());
        }
        return pieces;
    }

    /** The first {@code max} characters of formatted mrkdwn, cut where {@link #split} would, with an ellipsis. */
    static String truncate(String mrkdwn, int max) {
        return mrkdwn.length() <= max ? mrkdwn : mrkdwn.substring(0, cutPoint(mrkdwn, max - 1)).stripTrailing() + "…";
    }

    private static String convertLine(String line) {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
            String title = heading.group(1).replace("**", "").replace("__", "");
            return title.isEmpty() ? "" : "*" + inline(title) + "*";
        }
        Matcher bullet = BULLET.matcher(line);
        if (bullet.matches()) {
            return bullet.group(1) + "• " + inline(bullet.group(2));
        }
        return inline(line);
    }

    private static String inline(String text) {
        String converted = BOLD.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                "*" + (match.group(1) != null ? match.group(1) : match.group(2)) + "*"));
        converted = STRIKE.matcher(converted).replaceAll("~$1~");
        return LINK.matcher(converted).replaceAll(match -> {
            String url = match.group(2) != null ? match.group(2) : match.group(3);
            String label = match.group(1) != null ? match.group(1).replace("|", "¦") : url;
            return Matcher.quoteReplacement("<" + url + "|" + label + ">");
        });
    }

    private static int cutPoint(String text, int max) {
        int floor = max / 2;
        int cut = lastBreak(text, "\n\n", max, floor)
                .or(() -> lastBreak(text, "\n", max, floor))
                .or(() -> lastBreak(text, " ", max, floor))
                .orElse(max);
        int open = text.lastIndexOf('<', cut - 1);
        if (open > text.lastIndexOf('>', cut - 1) && open > 0) {
            cut = open;
        }
        int amp = text.lastIndexOf('&', cut - 1);
        if (amp >= 0 && cut - amp <= 5 && text.lastIndexOf(';', cut - 1) < amp && amp > 0) {
            cut = amp;
        }
        return cut;
    }

    /** The end of the last {@code separator} within {@code max}, if it leaves at least {@code floor} characters. */
    private static Optional<Integer> lastBreak(String text, String separator, int max, int floor) {
        int at = text.lastIndexOf(separator, max - separator.length());
        return at >= floor ? Optional.of(at + separator.length()) : Optional.empty();
    }
}
