package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.intent.Intent;
import com.pitcrew.observability.LogFields;
import com.pitcrew.pipeline.HelpHandler;
import com.slack.api.model.assistant.SuggestedPrompt;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's split-view assistant threads (table {@code assistant_threads}): when a rep opens one, it is remembered and
 * offered suggested prompts from {@code help}; a question in it gets the thread's title (its first question) and a
 * status per stage instead of the ⏳ reaction. The prompts are a {@link SlackSideCalls}, never set in the request
 * Slack waits on; status and title are best effort, as the reaction is: without them the answer still
 * comes. Thread-safe.
 */
final class AssistantThreads {

    private static final Logger LOG = LoggerFactory.getLogger(AssistantThreads.class);
    /** Slack shows four suggested prompts at most: the most asked kinds of question. */
    static final List<Intent> PROMPTED = List.of(Intent.MEETING_QUESTION, Intent.MEETING_SUMMARY,
            Intent.PRODUCT_QUESTION, Intent.DRAFT_EMAIL);
    static final String PROMPTS_TITLE = "Try asking";
    static final String READING = "is reading your question…";
    static final int MAX_TITLE = 100;
    static final int MAX_CHANNEL_NAME = 80;
    private static final Map<Intent, String> STATUS = Map.of(
            Intent.SEARCH_CALLS, "is searching your calls…",
            Intent.MEETING_QUESTION, "is searching your calls…",
            Intent.MEETING_SUMMARY, "is reading the call…",
            Intent.ACTION_ITEMS, "is reading the call…",
            Intent.DRAFT_EMAIL, "is drafting the email…",
            Intent.PRODUCT_QUESTION, "is checking the product base…");

    /**
     * An assistant thread as remembered: where the rep opened it from (the channel, and its name once read), and
     * whether it has its title.
     */
    record Opened(Optional<String> contextChannelId, Optional<String> contextChannelName, boolean titled) {
    }

    private final Jdbi jdbi;
    private final SlackReplies replies;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final SlackSideCalls sideCalls;

    AssistantThreads(Jdbi jdbi, SlackReplies replies, SlackSideCalls sideCalls, Clock clock, MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.replies = replies;
        this.sideCalls = sideCalls;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The status for the stage a question of {@code intent} is in next. */
    static String statusFor(Intent intent) {
        return STATUS.getOrDefault(intent, "is thinking…");
    }

    /** The prompts a new thread is offered: one per prompted intent, as {@code help} words its example. */
    static List<SuggestedPrompt> prompts() {
        return HelpHandler.capabilities().stream()
                .filter(capability -> PROMPTED.contains(capability.intent()))
                .map(capability -> SuggestedPrompt.builder().title(capability.title())
                        .message(capability.example()).build())
                .toList();
    }

    /** A rep opened a thread: remember it (a redelivery changes nothing) and offer the prompts. */
    void started(String channelId, String threadTs, Optional<String> userId, Optional<String> contextChannelId) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO assistant_threads (channel_id, thread_ts, "
                            + "user_id, context_channel_id, titled, started_at) "
                            + "VALUES (:channel, :ts, :user, :context, FALSE, :now)")
                    .bind("channel", channelId).bind("ts", threadTs).bind("user", userId.orElse(null))
                    .bind("context", contextChannelId.orElse(null)).bind("now", clock.millis())
                    .execute());
        } catch (StatementException e) {
            if (!SlackInbox.isDuplicateKey(e)) {
                throw e;
            }
            metrics.meter("pitcrew.slack.assistant.duplicate").mark();
            return;
        }
        metrics.meter("pitcrew.slack.assistant.started").mark();
        sideCalls.later("suggest_prompts", () -> replies.suggestPrompts(channelId, threadTs, PROMPTS_TITLE, prompts()));
        contextChannelId.ifPresent(context -> readContextName(channelId, threadTs, context));
    }

    /** Reads the context channel's name after the event is acknowledged, for the thread's questions to use. */
    private void readContextName(String channelId, String threadTs, String contextChannelId) {
        sideCalls.later("context_channel", () -> {
            Optional<String> name = replies.channelName(contextChannelId)
                    .map(found -> found.length() > MAX_CHANNEL_NAME ? found.substring(0, MAX_CHANNEL_NAME) : found);
            // Only if the rep has not moved on meanwhile: the name must be that of the channel now in context.
            name.ifPresent(found -> jdbi.useHandle(handle -> handle.createUpdate("UPDATE assistant_threads "
                            + "SET context_channel_name = :name WHERE channel_id = :channel AND thread_ts = :ts "
                            + "AND context_channel_id = :context")
                    .bind("name", found).bind("channel", channelId).bind("ts", threadTs)
                    .bind("context", contextChannelId).execute()));
        });
    }

    /** The rep moved to another channel with the thread open: the old name no longer applies. */
    void contextChanged(String channelId, String threadTs, Optional<String> contextChannelId) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE assistant_threads SET context_channel_id = :context, "
                        + "context_channel_name = NULL WHERE channel_id = :channel AND thread_ts = :ts")
                .bind("context", contextChannelId.orElse(null)).bind("channel", channelId).bind("ts", threadTs)
                .execute());
        contextChannelId.ifPresent(context -> readContextName(channelId, threadTs, context));
    }

    /** The assistant thread at this place, if it is one; a failing read is read as "not one" (the ⏳ then). */
    Optional<Opened> find(String channelId, String threadTs) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT context_channel_id, context_channel_name, titled "
                            + "FROM assistant_threads WHERE channel_id = :channel AND thread_ts = :ts")
                    .bind("channel", channelId).bind("ts", threadTs)
                    .map((rs, ctx) -> new Opened(Optional.ofNullable(rs.getString("context_channel_id")),
                            Optional.ofNullable(rs.getString("context_channel_name")), rs.getBoolean("titled")))
                    .findFirst());
        } catch (RuntimeException e) {
            metrics.meter("pitcrew.slack.assistant.read_failed").mark();
            LOG.warn("Could not tell whether a thread is an assistant thread", e);
            return Optional.empty();
        }
    }

    /** Titles the thread with its first question; later questions leave the title alone. */
    void titleOnce(String channelId, String threadTs, String question) {
        try {
            boolean first = jdbi.withHandle(handle -> handle.createUpdate("UPDATE assistant_threads SET titled = TRUE "
                            + "WHERE channel_id = :channel AND thread_ts = :ts AND titled = FALSE")
                    .bind("channel", channelId).bind("ts", threadTs).execute()) == 1;
            if (first) {
                replies.setTitle(channelId, threadTs, SlackText.truncate(question.strip(), MAX_TITLE));
            }
        } catch (SlackReplies.SlackCallException | RuntimeException e) {
            metrics.meter("pitcrew.slack.assistant.title_failed").mark();
            LOG.warn("Could not title an assistant thread", LogFields.of("channel", channelId,
                    "error", e.getMessage()));
        }
    }

    /** Best effort; an empty status clears it. */
    void status(String channelId, String threadTs, String status) {
        try {
            replies.setStatus(channelId, threadTs, status);
        } catch (SlackReplies.SlackCallException e) {
            metrics.meter("pitcrew.slack.assistant.status_failed").mark();
        }
    }
}
