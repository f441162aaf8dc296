package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.config.InvalidSettingException;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogFields;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.assistant.AssistantThread;
import com.slack.api.model.assistant.AssistantThreadContext;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.AssistantThreadContextChangedEvent;
import com.slack.api.model.event.AssistantThreadStartedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bolt {@link App} and its event handlers. Bolt checks the signature again, answers {@code url_verification},
 * drops our own events and routes by type; every handler only stores and returns the ack, so Slack's 3 s budget is
 * spent on one insert (committed with whatever else arrived meanwhile, {@link InboxIntake}). Every event type
 * without a handler, and every ignored message, is acknowledged with 200 so Slack never retries it. Thread-safe: handlers share only thread-safe collaborators.
 */
final class SlackEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SlackEvents.class);

    private final InboxIntake intake;
    private final FeedbackStore feedback;
    private final AssistantThreads assistant;
    private final Consumer<InboxMessage> onStored;
    private final Clock clock;
    private final MetricRegistry metrics;

    SlackEvents(InboxIntake intake, FeedbackStore feedback, AssistantThreads assistant,
                Consumer<InboxMessage> onStored, Clock clock, MetricRegistry metrics) {
        this.intake = intake;
        this.assistant = assistant;
        this.feedback = feedback;
        this.onStored = onStored;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Builds and starts the app; with a bot token Bolt calls {@code auth.test} here, so the token is checked now. */
    App start(SlackConfiguration.Credentials credentials, Slack slack) {
        App app = new App(AppConfig.builder()
                .signingSecret(credentials.signingSecret())
                .singleTeamBotToken(credentials.botToken())
                .slack(slack)
                .allEventsApiAutoAckEnabled(true)
                .threadPoolSize(1)
                .build());
        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent event = payload.getEvent();
            if (event.getBotId() != null || event.getSubtype() != null || event.getEdited() != null
                    || event.getUser() == null) {
                return ignored(ctx, "app_mention");
            }
            return accept(new InboxMessage(payload.getEventId(), event.getType(),
                    BotMention.strip(nullToEmpty(event.getText()), Optional.ofNullable(ctx.getBotUserId())),
                    event.getUser(), Optional.ofNullable(payload.getTeamId()), event.getChannel(), event.getTs(),
                    Optional.ofNullable(event.getThreadTs())), ctx);
        });
        app.event(MessageEvent.class, (payload, ctx) -> {
            MessageEvent event = payload.getEvent();
            // Channel messages reach us as app_mention; bots (us included), edits and other subtypes are not asks.
            if (!"im".equals(event.getChannelType()) || event.getBotId() != null || event.getSubtype() != null
                    || event.getEdited() != null || event.getUser() == null) {
                return ignored(ctx, "message");
            }
            return accept(new InboxMessage(payload.getEventId(), event.getType(),
                    BotMention.strip(nullToEmpty(event.getText()), Optional.ofNullable(ctx.getBotUserId())),
                    event.getUser(), Optional.ofNullable(payload.getTeamId()), event.getChannel(), event.getTs(),
                    Optional.ofNullable(event.getThreadTs())), ctx);
        });
        app.event(ReactionAddedEvent.class, (payload, ctx) -> {
            ReactionAddedEvent event = payload.getEvent();
            if (event.getItem() == null || !"message".equals(event.getItem().getType())) {
                return ignored(ctx, "reaction_added");
            }
            FeedbackStore.Outcome outcome = feedback.store(event.getItem().getChannel(), event.getItem().getTs(),
                    event.getUser(), event.getReaction(), clock.millis());
            metrics.meter("pitcrew.slack.feedback." + outcome.name().toLowerCase(java.util.Locale.ROOT)).mark();
            if (outcome == FeedbackStore.Outcome.STORED) {
                // The cohort goes in the line so the report can split feedback without joining log lines.
                Map<String, Object> fields = new java.util.LinkedHashMap<>(Map.of("channel",
                        event.getItem().getChannel(), "replyTs", event.getItem().getTs(), "reaction",
                        FeedbackStore.normalise(event.getReaction()).orElse(event.getReaction())));
                fields.putAll(feedback.cohortOf(event.getItem().getChannel(), event.getItem().getTs()));
                LOG.info("Feedback stored", LogFields.of(fields));
            }
            return ctx.ack();
        });
        app.event(AssistantThreadStartedEvent.class, (payload, ctx) -> {
            AssistantThread thread = payload.getEvent().getAssistantThread();
            assistant.started(thread.getChannelId(), thread.getThreadTs(), Optional.ofNullable(thread.getUserId()),
                    Optional.ofNullable(thread.getContext()).map(AssistantThreadContext::getChannelId));
            return ctx.ack();
        });
        app.event(AssistantThreadContextChangedEvent.class, (payload, ctx) -> {
            AssistantThread thread = payload.getEvent().getAssistantThread();
            assistant.contextChanged(thread.getChannelId(), thread.getThreadTs(),
                    Optional.ofNullable(thread.getContext()).map(AssistantThreadContext::getChannelId));
            return ctx.ack();
        });
        try {
            return app.start();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("SLACK_BOT_TOKEN",
                    "was not accepted by Slack (" + e.getMessage() + ")", e);
        }
    }

    private Response accept(InboxMessage message, EventContext ctx) {
        String correlationId = CorrelationId.current().orElseGet(CorrelationId::generate);
        SlackInbox.Stored stored = intake.store(message, correlationId, clock.millis());
        Map<String, Object> fields = Map.of("eventId", message.eventId(), "eventType", message.eventType(),
                "retryNum", ctx.getRetryNum() == null ? 0 : ctx.getRetryNum());
        if (stored == SlackInbox.Stored.DUPLICATE) {
            metrics.meter("pitcrew.slack.events.duplicate").mark();
            LOG.info("Duplicate Slack event acknowledged and dropped", LogFields.of(fields));
        } else {
            metrics.meter("pitcrew.slack.events.accepted").mark();
            LOG.info("Slack event stored", LogFields.of(fields));
            onStored.accept(message);
        }
        return ctx.ack();
    }

    private Response ignored(EventContext ctx, String type) {
        metrics.meter("pitcrew.slack.events.ignored." + type).mark();
        return ctx.ack();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
