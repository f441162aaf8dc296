package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.Bulkhead;
import com.pitcrew.observability.LogFields;
import com.pitcrew.pipeline.AnswerStream;
import com.pitcrew.pipeline.Reply;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer streaming into its Slack thread as the LLM writes it. The first words open the message (through the
 * worker's fenced {@link Opener}: the intent to post recorded before {@code chat.startStream}, the ts after), later
 * words go out in appends no more often than the {@link StreamBudget} allows, and the worker ends it with
 * {@link #rest}: the reply's remaining text, which it sends with {@code chat.stopStream}. Every piece passes
 * {@link SlackText#toMarkdownText}; text that may still become a link is held back until it is whole. Once a call
 * fails nothing more is sent, and the worker replaces the message with the whole reply instead: one message either
 * way. Confined to the thread answering the event.
 */
final class SlackAnswerStream implements AnswerStream {

    /** What one streamed message may carry, as Slack takes in one {@code markdown_text}. */
    static final int MAX_STREAMED_CHARS = 12_000;

    private static final Logger LOG = LoggerFactory.getLogger(SlackAnswerStream.class);

    /** Opens the message with its first words: its ts, or empty when it was not opened (then it is posted whole). */
    @FunctionalInterface
    interface Opener {
        Optional<String> open(String markdownText);
    }

    private final Opener opener;
    private final SlackReplies replies;
    private final Bulkhead slackCalls;
    private final String channel;
    private final StreamBudget budget;
    private final MetricRegistry metrics;
    private final StringBuilder written = new StringBuilder();
    /** How much of {@link #written} Slack shows, and how long it is as sent. */
    private int shown;
    private int shownChars;
    private Optional<String> ts = Optional.empty();
    private boolean stopped;
    private long lastSentNanos;
    private Optional<Boolean> accepting = Optional.empty();
    /** How much of {@link #written} is the handler's own heading, converted as template text when it opens. */
    private int headingLength;

    SlackAnswerStream(Opener opener, SlackReplies replies, Bulkhead slackCalls, String channel, StreamBudget budget,
                      MetricRegistry metrics) {
        this.opener = opener;
        this.replies = replies;
        this.slackCalls = slackCalls;
        this.channel = channel;
        this.budget = budget;
        this.metrics = metrics;
    }

    /** Asked once, when the handler is about to generate: takes one of the minute's stream openings, or declines. */
    @Override
    public boolean accepting() {
        if (accepting.isEmpty()) {
            accepting = Optional.of(budget.mayOpen());
        }
        return accepting.get();
    }

    /**
     * The handler's heading comes first and whole; it opens the stream with the first words after it, converted as
     * our template text rather than the model's.
     */
    @Override
    public void writeHeading(String mrkdwn) {
        if (written.length() > 0) {
            write(mrkdwn);
            return;
        }
        written.append(mrkdwn.stripLeading());
        headingLength = written.length();
    }

    @Override
    public void write(String markdown) {
        // A reply never starts blank (handlers strip it), so neither does what is shown of it.
        written.append(written.length() == 0 ? markdown.stripLeading() : markdown);
        if (stopped) {
            return;
        }
        if (ts.isEmpty()) {
            if (accepting()) {
                open();
            } else {
                stopped = true;
            }
        } else if (budget.mayAppend(lastSentNanos)) {
            append();
        }
    }

    private void open() {
        String heading = written.substring(0, headingLength);
        String pending = written.substring(headingLength);
        String words = pending.substring(0, SlackText.markdownSafeEnd(pending));
        if (words.isBlank()) {
            return; // the heading waits for the answer's first words
        }
        String markdownText = SlackText.templateToMarkdownText(heading) + SlackText.toMarkdownText(words);
        // Until the opener answers, nothing more may be sent: it may fail in any way.
        stopped = true;
        Optional<String> opened = opener.open(markdownText);
        if (opened.isEmpty()) {
            metrics.meter("pitcrew.slack.stream.not_opened").mark();
            return;
        }
        ts = opened;
        stopped = false;
        sent(heading.length() + words.length(), markdownText);
        metrics.meter("pitcrew.slack.stream.opened").mark();
    }

    private void append() {
        String ready = ready();
        if (ready.isEmpty()) {
            return;
        }
        String markdownText = SlackText.toMarkdownText(ready);
        if (shownChars + markdownText.length() > MAX_STREAMED_CHARS) {
            stop("too long to stream");
            return;
        }
        Optional<Bulkhead.Permit> permit = slackCalls.acquire(Duration.ZERO);
        if (permit.isEmpty()) {
            return; // Slack calls are all in use: this text goes with a later append.
        }
        try (Bulkhead.Permit held = permit.get()) {
            replies.appendStream(channel, ts.orElseThrow(), markdownText);
            sent(ready.length(), markdownText);
            metrics.meter("pitcrew.slack.stream.appended").mark();
        } catch (SlackReplies.SlackCallException e) {
            if (e.rateLimited()) {
                lastSentNanos = budget.now(); // kept for a later append
                return;
            }
            stop(e.getMessage());
        }
    }

    private void stop(String why) {
        stopped = true;
        metrics.meter("pitcrew.slack.stream.broken").mark();
        LOG.warn("A streamed answer stops streaming; it will be shown whole", LogFields.of("channel", channel,
                "error", why));
    }

    /** The text written and not shown yet, up to where it can be converted now. */
    private String ready() {
        String pending = written.substring(shown);
        return pending.substring(0, SlackText.markdownSafeEnd(pending));
    }

    private void sent(int rawLength, String markdownText) {
        shown += rawLength;
        shownChars += markdownText.length();
        lastSentNanos = budget.now();
    }

    /** The streamed message, once opened: the reply's ts from then on. */
    Optional<String> ts() {
        return ts;
    }

    /**
     * What ends the stream as {@code reply}: the Markdown of the reply's text beyond what is shown. Empty when the
     * stream cannot end as that reply (a call failed, it grew too long, or the reply does not start with what was
     * shown: the handler changed course, e.g. the LLM failed part-way); the message is then replaced whole.
     */
    Optional<String> rest(Reply reply) {
        if (ts.isEmpty() || stopped) {
            return Optional.empty();
        }
        String shownText = written.substring(0, shown);
        if (!reply.text().startsWith(shownText)) {
            // The reply may have dropped trailing blanks that were shown; blanks are harmless to Markdown.
            shownText = shownText.stripTrailing();
            if (!reply.text().startsWith(shownText)) {
                return Optional.empty();
            }
        }
        String rest = SlackText.toMarkdownText(reply.text().substring(shownText.length()));
        return shownChars + rest.length() > MAX_STREAMED_CHARS ? Optional.empty() : Optional.of(rest);
    }
}
