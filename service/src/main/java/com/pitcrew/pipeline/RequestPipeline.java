package com.pitcrew.pipeline;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.ControlPlane;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.IntentDecision;
import com.pitcrew.intent.Validation;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogFields;
import com.pitcrew.observability.RequestTrace;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request through {@code meeting_resolution} → {@code control_plane} → {@code handler}, times each stage,
 * writes the one summary line and records the interaction. A failing stage degrades the answer; nothing escapes to
 * the caller. Thread-safe: one instance serves every worker.
 */
public final class RequestPipeline {

    public static final String STAGE_MEETING_RESOLUTION = "meeting_resolution";
    public static final String STAGE_CONTROL_PLANE = "control_plane";
    public static final String STAGE_HANDLER = "handler";

    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);

    private final ScopeResolver resolver;
    private final ControlPlane controlPlane;
    private final Map<Intent, IntentHandler> handlers;
    private final Optional<InteractionStore> interactions;
    private final MetricRegistry metrics;
    private final Clock clock;

    public RequestPipeline(ScopeResolver resolver, ControlPlane controlPlane, List<IntentHandler> handlers,
                           Optional<InteractionStore> interactions, MetricRegistry metrics, Clock clock) {
        this.resolver = resolver;
        this.controlPlane = controlPlane;
        Map<Intent, IntentHandler> byIntent = new EnumMap<>(Intent.class);
        for (IntentHandler handler : handlers) {
            if (byIntent.put(handler.intent(), handler) != null) {
                throw new IllegalArgumentException("two handlers for intent " + handler.intent());
            }
        }
        this.handlers = Map.copyOf(byIntent);
        this.interactions = interactions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Answers {@code inquiry}; the correlation id is bound to the MDC for the whole request. */
    public PipelineOutcome handle(Inquiry inquiry, String correlationId) {
        return handle(inquiry, correlationId, Optional.empty());
    }

    /** The same for a Slack event: its interaction is keyed by {@code eventId}, so its reply can be tied to it. */
    public PipelineOutcome handle(Inquiry inquiry, String correlationId, Optional<String> eventId) {
        try (CorrelationId.MdcScope ignored = CorrelationId.bind(correlationId)) {
            RequestTrace trace = new RequestTrace(correlationId, metrics);
            MeetingScope scope = resolve(inquiry, trace);
            IntentDecision decision = decide(inquiry, trace);
            boolean failed = false;
            Reply reply;
            try (RequestTrace.StageScope stage = trace.stage(STAGE_HANDLER)) {
                reply = answer(new HandlerRequest(correlationId, inquiry, scope, decision));
            } catch (HandlerFailure failure) {
                failed = true;
                reply = failure.reply;
            }
            Map<String, Object> summary = summarise(trace, decision);
            metrics.meter(failed ? "pitcrew.requests.failed" : "pitcrew.requests.succeeded").mark();
            metrics.meter("pitcrew.requests.validation." + decision.validation().wireName()).mark();
            if (failed) {
                LOG.error("Request failed", LogFields.of(summary));
            } else {
                LOG.info("Request completed successfully", LogFields.of(summary));
            }
            record(inquiry, correlationId, eventId, decision, failed, summary);
            return new PipelineOutcome(reply, decision, summary, failed);
        }
    }

    private MeetingScope resolve(Inquiry inquiry, RequestTrace trace) {
        try (RequestTrace.StageScope stage = trace.stage(STAGE_MEETING_RESOLUTION)) {
            return resolver.resolve(inquiry.text());
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.stage.meeting_resolution.failed").inc();
            LOG.warn("Meeting resolution failed; answering without a scope", e);
            return MeetingScope.empty();
        }
    }

    private IntentDecision decide(Inquiry inquiry, RequestTrace trace) {
        try (RequestTrace.StageScope stage = trace.stage(STAGE_CONTROL_PLANE)) {
            return controlPlane.decide(inquiry);
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.stage.control_plane.failed").inc();
            LOG.error("Control plane failed; treating the request as unclear", e);
            return new IntentDecision(Intent.OTHER, 0.0, Validation.UNAVAILABLE, false,
                    new Classification(Intent.OTHER, 0.0, "none"));
        }
    }

    private Reply answer(HandlerRequest request) {
        IntentHandler handler = handlers.get(request.decision().intent());
        if (handler == null) {
            metrics.counter("pitcrew.handler.unsupported." + request.decision().intent().wireName()).inc();
            return Reply.text(UnsupportedIntents.message(request.decision().intent()));
        }
        try {
            return handler.handle(request);
        } catch (Exception e) {
            metrics.counter("pitcrew.handler.failed." + request.decision().intent().wireName()).inc();
            LOG.error("Handler for {} failed", request.decision().intent(), e);
            throw new HandlerFailure(Reply.text("Sorry, I ran into a problem answering that. It has been logged "
                    + "(reference `" + request.correlationId() + "`); please try again in a moment."));
        }
    }

    private Map<String, Object> summarise(RequestTrace trace, IntentDecision decision) {
        Map<String, Object> summary = new LinkedHashMap<>(trace.finish());
        summary.put("intent", decision.intent().wireName());
        summary.put("confidence", Math.round(decision.confidence() * 1000) / 1000.0);
        summary.put("validation", decision.validation().wireName());
        summary.put("flag", decision.flagOn() ? "on" : "off");
        return summary;
    }

    private void record(Inquiry inquiry, String correlationId, Optional<String> eventId, IntentDecision decision,
                        boolean failed, Map<String, Object> summary) {
        interactions.ifPresent(store -> {
            try {
                store.record(new InteractionStore.Interaction(correlationId, eventId, inquiry.userId(),
                        inquiry.teamId(),
                        inquiry.channelId(), decision.intent().wireName(), decision.confidence(),
                        decision.validation().wireName(), decision.flagOn(), failed,
                        ((Number) summary.get("totalTimeMs")).longValue(), clock.millis()));
            } catch (RuntimeException e) {
                // The user still gets the answer; the rollout guards lose one data point, which we count.
                metrics.counter("pitcrew.interactions.record_failed").inc();
                LOG.warn("Could not record the interaction", e);
            }
        });
    }

    /** Carries the apology out of the handler stage so the stage still closes cleanly. */
    private static final class HandlerFailure extends RuntimeException {
        private final transient Reply reply;

        HandlerFailure(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }
}
