package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.observability.LogFields;
import com.pitcrew.pipeline.Reply;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.assistant.SuggestedPrompt;
import com.slack.api.model.block.LayoutBlock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to Slack through the SDK's {@link MethodsClient}: the progress sign (a reaction on the user's message, which
 * Slack keeps once however often it is added or removed), the answer as one message in the user's thread, and
 * updates of that message. A 429 is waited out as its {@code Retry-After} says (a rate-limited call was not
 * executed, so repeating it cannot duplicate anything); every other failure is thrown for the inbox to retry later.
 * Thread-safe: the SDK client is.
 */
final class SlackReplies {

    /** The reaction that says "working on it" on the user's message until the answer is in the thread. */
    static final String PROGRESS_REACTION = "hourglass_flowing_sand";
    /** The busy notice: posted as the event's one message (through the answer's once-only window), then updated. */
    static final String BUSY = ":hourglass_flowing_sand: Busy right now, answering in order; yours is coming.";

    private static final Logger LOG = LoggerFactory.getLogger(SlackReplies.class);
    private static final int RATE_LIMIT_WAITS = 3;
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    /** Errors a retry cannot fix: the inbox marks the row failed at once instead of backing off. */
    private static final Set<String> PERMANENT = Set.of("channel_not_found", "not_in_channel", "is_archived",
            "msg_too_long", "invalid_blocks", "invalid_auth", "account_inactive", "token_revoked", "missing_scope",
            "cant_update_message", "message_not_found");

    private final MethodsClient client;
    private final MetricRegistry metrics;

    SlackReplies(MethodsClient client, MetricRegistry metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    /** A Slack call that did not succeed; {@code permanent} means retrying is pointless. */
    static final class SlackCallException extends Exception {
        private final boolean permanent;
        private final boolean refused;
        private final boolean rateLimited;
        private final Optional<String> slackError;

        SlackCallException(String message, boolean permanent) {
            this(message, permanent, false, false, Optional.empty());
        }

        /** {@code refused}: Slack answered with an error, so the call was certainly not carried out. */
        SlackCallException(String message, boolean permanent, boolean refused) {
            this(message, permanent, refused, false, Optional.empty());
        }

        private SlackCallException(String message, boolean permanent, boolean refused, boolean rateLimited,
                                   Optional<String> slackError) {
            super(message, null, false, false);
            this.permanent = permanent;
            this.refused = refused;
            this.rateLimited = rateLimited;
            this.slackError = slackError;
        }

        /** The error code Slack answered with ({@code ok: false}), if it answered one. */
        Optional<String> slackError() {
            return slackError;
        }

        /** A 429 that was not waited out: refused for now, and fine to try again later. */
        boolean rateLimited() {
            return rateLimited;
        }

        boolean permanent() {
            return permanent;
        }

        /** True when Slack answered and refused; false when the outcome is unknown (HTTP error, I/O, a full queue). */
        boolean refused() {
            return refused;
        }
    }

    /**
     * Marks the user's message at {@code messageTs} as being worked on. Safe to repeat: a second add answers
     * {@code already_reacted}, which is what we wanted. Never throws: without the sign the answer still comes.
     */
    void showProgress(String channel, String messageTs) {
        try {
            call("reactions.add", Set.of("already_reacted"), () -> client.reactionsAdd(r -> r
                    .channel(channel).timestamp(messageTs).name(PROGRESS_REACTION)));
        } catch (SlackCallException e) {
            metrics.meter("pitcrew.slack.progress.not_shown").mark();
            LOG.warn("Could not show progress on a Slack message; answering anyway",
                    LogFields.of("channel", channel, "error", e.getMessage()));
        }
    }

    /**
     * Takes the progress sign off the user's message; safe to repeat ({@code no_reaction} is fine). Tried twice;
     * returns false when Slack refused both times, so the caller can count a sign left behind.
     */
    boolean clearProgress(String channel, String messageTs) {
        for (int attempt = 1; ; attempt++) {
            try {
                call("reactions.remove", Set.of("no_reaction", "message_not_found"), () -> client.reactionsRemove(
                        r -> r.channel(channel).timestamp(messageTs).name(PROGRESS_REACTION)));
                return true;
            } catch (SlackCallException e) {
                if (e.permanent() || attempt == 2) {
                    LOG.warn("Could not take the progress sign off a Slack message",
                            LogFields.of("channel", channel, "error", e.getMessage()));
                    return false;
                }
            }
        }
    }

    /**
     * Posts {@code reply} as a new message in the thread and returns its ts. Not idempotent (Slack has no key for
     * it): the caller records that it is posting before and the ts after, and updates that message from then on.
     */
    String postAnswer(String channel, String threadTs, Reply reply, boolean rateable) throws SlackCallException {
        ChatPostMessageResponse response = call("chat.postMessage", Set.of(), () -> client.chatPostMessage(r -> r
                .channel(channel)
                .threadTs(threadTs)
                .text(ReplyBlocks.fallbackText(reply))
                .blocks(ReplyBlocks.render(reply, rateable))));
        return response.getTs();
    }

    /**
     * Posts a short plain-text notice (the busy notice) as the event's one message and returns its ts. Not
     * idempotent either: the caller fences it exactly as the answer ({@link #postAnswer}), and the answer later
     * replaces it through {@link #showAnswer}, so the event still gets exactly one bot message.
     */
    String postNotice(String channel, String threadTs, String text) throws SlackCallException {
        ChatPostMessageResponse response = call("chat.postMessage", Set.of(), () -> client.chatPostMessage(r -> r
                .channel(channel)
                .threadTs(threadTs)
                .text(text)));
        return response.getTs();
    }

    /**
     * Opens a streamed answer in the thread with its first words ({@code markdownText}, standard Markdown made safe
     * by {@link SlackText#toMarkdownText}) and returns its ts. Not idempotent, like {@link #postAnswer}: fenced the
     * same way. Outside a DM Slack wants the rep it streams to.
     */
    String startStream(String channel, String threadTs, String userId, Optional<String> teamId, String markdownText)
            throws SlackCallException {
        boolean direct = channel.startsWith("D");
        return call("chat.startStream", Set.of(), () -> client.chatStartStream(r -> r
                .channel(channel)
                .threadTs(threadTs)
                .markdownText(markdownText)
                .recipientUserId(direct ? null : userId)
                .recipientTeamId(direct ? null : teamId.orElse(null)))).getTs();
    }

    /**
     * Adds {@code markdownText} to the stream at {@code ts}. A 429 is not waited out: the caller keeps the text and
     * sends it with a later call, so the answer never waits on a rate limit while the LLM writes.
     */
    void appendStream(String channel, String ts, String markdownText) throws SlackCallException {
        call("chat.appendStream", Set.of(), 0, () -> client.chatAppendStream(r -> r
                .channel(channel).ts(ts).markdownText(markdownText)));
    }

    /**
     * Ends the stream at {@code ts}: the rest of the text, if any, and {@code blocks} under it (the answer's items
     * and feedback buttons). After it the message is an ordinary one.
     */
    void stopStream(String channel, String ts, String markdownText, List<LayoutBlock> blocks)
            throws SlackCallException {
        call("chat.stopStream", Set.of(), () -> client.chatStopStream(r -> r
                .channel(channel)
                .ts(ts)
                .markdownText(markdownText.isEmpty() ? null : markdownText)
                .blocks(blocks.isEmpty() ? null : blocks)));
    }

    /**
     * Ends the stream at {@code ts} as it stands, before its text is replaced; a stream already stopped is fine.
     * Never throws: the replacement is what the rep needs, and it says whether it landed.
     */
    void endStreamAsIs(String channel, String ts) {
        try {
            call("chat.stopStream", Set.of("message_not_in_streaming_state"), () -> client.chatStopStream(r -> r
                    .channel(channel).ts(ts)));
        } catch (SlackCallException e) {
            LOG.warn("Could not stop a Slack stream before replacing its text",
                    LogFields.of("channel", channel, "error", e.getMessage()));
        }
    }

    /** Replaces the message at {@code ts} with the answer; repeating it leaves the same message, never a second. */
    void showAnswer(String channel, String ts, Reply reply, boolean rateable) throws SlackCallException {
        call("chat.update", Set.of(), () -> client.chatUpdate(r -> r
                .channel(channel)
                .ts(ts)
                .text(ReplyBlocks.fallbackText(reply))
                .blocks(ReplyBlocks.render(reply, rateable))));
    }

    /**
     * After a 👎: asks the rep, and only them (an ephemeral message in the reply's thread), what was wrong with the
     * reply at {@code replyTs}.
     */
    void askWhyWrong(String channel, Optional<String> threadTs, String userId, String replyTs)
            throws SlackCallException {
        tellPrivately(channel, threadTs, userId, FeedbackButtons.QUESTION, FeedbackButtons.reasonQuestion(replyTs));
    }

    /** The channel's name (conversations.info); empty when Slack does not say (no such channel, no scope). */
    Optional<String> channelName(String channelId) throws SlackCallException {
        return Optional.ofNullable(call("conversations.info", Set.of(), () -> client.conversationsInfo(
                r -> r.channel(channelId))).getChannel()).map(channel -> channel.getName());
    }

    /** The prompts an assistant thread opens with. */
    void suggestPrompts(String channel, String threadTs, String title, List<SuggestedPrompt> prompts)
            throws SlackCallException {
        call("assistant.threads.setSuggestedPrompts", Set.of(), () -> client.assistantThreadsSetSuggestedPrompts(
                r -> r.channelId(channel).threadTs(threadTs).title(title).prompts(prompts)));
    }

    void setTitle(String channel, String threadTs, String title) throws SlackCallException {
        call("assistant.threads.setTitle", Set.of(), () -> client.assistantThreadsSetTitle(
                r -> r.channelId(channel).threadTs(threadTs).title(title)));
    }

    /** What the assistant is doing, under the thread; an empty status clears it. Safe to repeat. */
    void setStatus(String channel, String threadTs, String status) throws SlackCallException {
        call("assistant.threads.setStatus", Set.of(), () -> client.assistantThreadsSetStatus(
                r -> r.channelId(channel).threadTs(threadTs).status(status)));
    }

    /** A short ephemeral line to the rep who gave feedback (the thanks for a reason). */
    void tellPrivately(String channel, Optional<String> threadTs, String userId, String text)
            throws SlackCallException {
        tellPrivately(channel, threadTs, userId, text, List.of());
    }

    /** A message only {@code userId} sees, in the thread when there is one; {@code blocks} may be empty. */
    private void tellPrivately(String channel, Optional<String> threadTs, String userId, String text,
                               List<LayoutBlock> blocks) throws SlackCallException {
        call("chat.postEphemeral", Set.of(), () -> client.chatPostEphemeral(r -> r
                .channel(channel)
                .user(userId)
                .threadTs(threadTs.orElse(null))
                .text(text)
                .blocks(blocks.isEmpty() ? null : blocks)));
    }

    /** Runs {@code call}; an error in {@code harmless} means the call's purpose is already met, as good as ok. */
    private <T extends SlackApiTextResponse> T call(String method, Set<String> harmless, Call<T> call)
            throws SlackCallException {
        return call(method, harmless, RATE_LIMIT_WAITS, call);
    }

    /** {@link #call}, waiting out at most {@code rateLimitWaits} 429s (then refused: a 429 was not carried out). */
    private <T extends SlackApiTextResponse> T call(String method, Set<String> harmless, int rateLimitWaits,
                                                    Call<T> call) throws SlackCallException {
        for (int waits = 0; ; waits++) {
            try {
                T response = call.run();
                if (response.isOk() || harmless.contains(response.getError())) {
                    metrics.meter("pitcrew.slack.api." + method + ".ok").mark();
                    return response;
                }
                metrics.meter("pitcrew.slack.api." + method + ".error").mark();
                throw new SlackCallException(method + " answered error " + response.getError(),
                        PERMANENT.contains(response.getError()), true, false, Optional.ofNullable(response.getError()));
            } catch (SlackApiException e) {
                int status = e.getResponse().code();
                if (status == 429 && waits < rateLimitWaits) {
                    Duration wait = retryAfter(e.getResponse().header("Retry-After"));
                    metrics.meter("pitcrew.slack.api.rate_limited").mark();
                    LOG.warn("Slack rate-limited {}; waiting as Retry-After says", method,
                            LogFields.of("method", method, "waitMs", wait.toMillis()));
                    pause(wait);
                    continue;
                }
                metrics.meter("pitcrew.slack.api." + method + ".error").mark();
                if (status == 429) {
                    metrics.meter("pitcrew.slack.api.rate_limited").mark();
                }
                throw new SlackCallException(method + " answered HTTP " + status, false, status == 429,
                        status == 429, Optional.empty());
            } catch (IOException e) {
                metrics.meter("pitcrew.slack.api." + method + ".error").mark();
                throw new SlackCallException(method + " failed: " + e.getClass().getSimpleName(), false);
            }
        }
    }

    static Duration retryAfter(String header) {
        try {
            long seconds = header == null ? 1 : Long.parseLong(header.trim());
            Duration wait = Duration.ofSeconds(Math.max(1, seconds));
            return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static void pause(Duration wait) throws SlackCallException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackCallException("interrupted while waiting out a rate limit", false);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException, SlackApiException;
    }
}
