package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.observability.LogFields;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a click on our buttons does: a 👍/👎 is stored against the reply's interaction once per user (as a
 * reaction would be), a 👎 asks the rep privately what was wrong, and the reason picked is stored on that 👎. Both
 * log a line with the request's cohort, so the rollout report splits them without a join. The Slack calls a click
 * brings are {@link SlackSideCalls}, never made in the request Slack waits 3 s for. Thread-safe.
 */
final class SlackInteractions {

    private static final Logger LOG = LoggerFactory.getLogger(SlackInteractions.class);

    /** What became of a click; {@link #INVALID} is the only one that is the sender's fault (HTTP 400). */
    enum Outcome { STORED, DUPLICATE, NOT_OUR_REPLY, IGNORED, INVALID }

    /** The outcome, and for {@link Outcome#INVALID} what is wrong with the payload. */
    record Handled(Outcome outcome, Optional<String> problem) {
        static Handled of(Outcome outcome) {
            return new Handled(outcome, Optional.empty());
        }

        static Handled invalid(String problem) {
            return new Handled(Outcome.INVALID, Optional.of(problem));
        }
    }

    /** Who clicked where: the parts of a {@code block_actions} payload every click needs. */
    private record Click(String userId, String channelId, String messageTs, Optional<String> threadTs,
                         String actionId, String value) {
    }

    private final FeedbackStore feedback;
    private final SlackReplies replies;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final SlackSideCalls sideCalls;

    SlackInteractions(FeedbackStore feedback, SlackReplies replies, SlackSideCalls sideCalls, Clock clock,
                      MetricRegistry metrics) {
        this.feedback = feedback;
        this.replies = replies;
        this.sideCalls = sideCalls;
        this.clock = clock;
        this.metrics = metrics;
    }

    Handled handle(JsonNode payload) {
        String type = payload.path("type").asText("");
        if (!type.equals("block_actions")) {
            return count(Handled.invalid("payload type '" + SlackText.truncate(type, 40)
                    + "' is not one this endpoint handles"));
        }
        Optional<Click> parsed = click(payload);
        if (parsed.isEmpty()) {
            return count(Handled.invalid("block_actions needs user.id, a channel, the message ts and one action "
                    + "with action_id and value"));
        }
        Click click = parsed.get();
        if (click.actionId().equals(FeedbackButtons.RATING_ACTION)) {
            return count(rate(click));
        }
        if (FeedbackButtons.isReason(click.actionId())) {
            return count(explain(click));
        }
        return count(Handled.of(Outcome.IGNORED));
    }

    private Handled rate(Click click) {
        Optional<String> rating = FeedbackButtons.rating(click.value());
        if (rating.isEmpty()) {
            return Handled.invalid("feedback value must be '" + FeedbackButtons.UP + "' or '"
                    + FeedbackButtons.DOWN + "'");
        }
        FeedbackStore.Outcome stored = feedback.store(click.channelId(), click.messageTs(), click.userId(),
                rating.get(), clock.millis());
        if (stored == FeedbackStore.Outcome.STORED) {
            logWithCohort("Feedback stored", click.channelId(), click.messageTs(),
                    Map.of("reaction", rating.get(), "source", "button"));
            if (rating.get().equals("-1")) {
                sideCalls.later("ask_why_wrong", () -> replies.askWhyWrong(click.channelId(), click.threadTs(), click.userId(),
                        click.messageTs()));
            }
        }
        return Handled.of(outcome(stored));
    }

    private Handled explain(Click click) {
        Optional<FeedbackButtons.ReasonChoice> choice = FeedbackButtons.reason(click.value());
        if (choice.isEmpty()) {
            return Handled.invalid("reason value must be '<reason>:<reply ts>' with a known reason");
        }
        String reason = choice.get().reason().code();
        String replyTs = choice.get().replyTs();
        FeedbackStore.Outcome stored = feedback.storeReason(click.channelId(), replyTs, click.userId(), reason,
                clock.millis());
        if (stored == FeedbackStore.Outcome.STORED) {
            logWithCohort("Feedback reason stored", click.channelId(), replyTs, Map.of("reason", reason));
            sideCalls.later("thank_for_reason", () -> replies.tellPrivately(click.channelId(), click.threadTs(), click.userId(),
                    "Noted: " + choice.get().reason().label().toLowerCase(Locale.ROOT) + ". Thank you."));
        }
        return Handled.of(outcome(stored));
    }

    private void logWithCohort(String message, String channelId, String replyTs, Map<String, Object> extra) {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("channel", channelId, "replyTs", replyTs));
        fields.putAll(extra);
        fields.putAll(feedback.cohortOf(channelId, replyTs));
        LOG.info(message, LogFields.of(fields));
    }

    private static Outcome outcome(FeedbackStore.Outcome stored) {
        return switch (stored) {
            case STORED -> Outcome.STORED;
            case DUPLICATE -> Outcome.DUPLICATE;
            case NOT_OUR_REPLY -> Outcome.NOT_OUR_REPLY;
            case NOT_FEEDBACK -> Outcome.IGNORED;
        };
    }

    private Handled count(Handled handled) {
        metrics.meter("pitcrew.slack.interactions." + handled.outcome().name().toLowerCase(Locale.ROOT)).mark();
        return handled;
    }

    /**
     * The click's fields, each a short Slack id (no longer than the columns they are stored in); the channel and
     * message come from {@code container} (where Slack puts them for every message) or the payload's own.
     */
    private static Optional<Click> click(JsonNode payload) {
        JsonNode actions = payload.path("actions");
        if (!actions.isArray() || actions.size() != 1) {
            return Optional.empty();
        }
        JsonNode action = actions.get(0);
        JsonNode container = payload.path("container");
        Optional<String> user = id(payload.at("/user/id"));
        Optional<String> channel = id(container.path("channel_id")).or(() -> id(payload.at("/channel/id")));
        Optional<String> messageTs = id(container.path("message_ts")).or(() -> id(payload.at("/message/ts")));
        Optional<String> threadTs = id(container.path("thread_ts")).or(() -> id(payload.at("/message/thread_ts")));
        Optional<String> actionId = text(action.path("action_id"), 255);
        Optional<String> value = text(action.path("value"), 2000);
        if (user.isEmpty() || channel.isEmpty() || messageTs.isEmpty() || actionId.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Click(user.get(), channel.get(), messageTs.get(), threadTs, actionId.get(),
                value.get()));
    }

    private static Optional<String> id(JsonNode node) {
        return text(node, 32);
    }

    private static Optional<String> text(JsonNode node, int maxLength) {
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > maxLength) {
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }
}
