package com.pitcrew.pipeline;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.ControlPlane;
import com.pitcrew.intent.FollowUpRule;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.IntentDecision;
import com.pitcrew.intent.Validation;
import com.pitcrew.llm.LlmUsage;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogFields;
import com.pitcrew.observability.MdcPropagation;
import com.pitcrew.observability.RequestTrace;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request through {@code meeting_resolution} → {@code control_plane} → {@code handler}, times each stage,
 * writes the one summary line and records the interaction. A failing stage degrades the answer; nothing escapes to
 * the caller. In two halves for the inbox's lanes: {@link #prepare} (no LLM call: resolution and the pattern half of
 * the control plane) says whether the rest waits on the LLM, {@link #complete} finishes. With the flag
 * {@code pitcrew.parallel-validation} on for the user, a validated request's pattern intent handler runs on the
 * speculation pool while the LLM validates; its reply is used only when the final intent is the pattern's, else it is
 * discarded (its tokens counted as wasted) and the right handler runs. {@code draft_email} is never speculated.
 * Thread-safe: one instance serves every worker.
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
    private final Executor speculation;
    private final Optional<ThreadMemory> memory;
    private final TopicReader topics;

    public RequestPipeline(ScopeResolver resolver, ControlPlane controlPlane, List<IntentHandler> handlers,
                           Optional<InteractionStore> interactions, MetricRegistry metrics, Clock clock) {
        this(resolver, controlPlane, handlers, interactions, metrics, clock, task -> {
            throw new RejectedExecutionException("no speculation pool");
        });
    }

    /** {@code speculation}: runs speculative handlers; a rejected task means the request runs in sequence. */
    public RequestPipeline(ScopeResolver resolver, ControlPlane controlPlane, List<IntentHandler> handlers,
                           Optional<InteractionStore> interactions, MetricRegistry metrics, Clock clock,
                           Executor speculation) {
        this(resolver, controlPlane, handlers, interactions, metrics, clock, speculation, Optional.empty(),
                TopicReader.NONE);
    }

    /** {@code memory}: what Slack threads remember, so follow-ups in them inherit; {@code topics} reads topics. */
    public RequestPipeline(ScopeResolver resolver, ControlPlane controlPlane, List<IntentHandler> handlers,
                           Optional<InteractionStore> interactions, MetricRegistry metrics, Clock clock,
                           Executor speculation, Optional<ThreadMemory> memory, TopicReader topics) {
        this.memory = memory;
        this.topics = topics;
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
        this.speculation = MdcPropagation.wrap(speculation);
    }

    /**
     * A request after its first half. {@code needsLlm}: the rest waits on the LLM (a validation, or a handler that
     * generates); the inbox serves the others in its fast lane. Confined to the thread working on the request.
     */
    public static final class Prepared {
        private final Inquiry inquiry;
        private final String correlationId;
        private final Optional<String> eventId;
        private final RequestTrace trace;
        private final Optional<ControlPlane.Pending> pending;
        private final long controlPlaneNanos;
        private final boolean needsLlm;
        private final Understood understood;
        private final boolean scopedByChannel;

        private Prepared(Inquiry inquiry, String correlationId, Optional<String> eventId, RequestTrace trace,
                         Optional<ControlPlane.Pending> pending, long controlPlaneNanos, boolean needsLlm,
                         Understood understood, boolean scopedByChannel) {
            this.scopedByChannel = scopedByChannel;
            this.inquiry = inquiry;
            this.correlationId = correlationId;
            this.eventId = eventId;
            this.trace = trace;
            this.pending = pending;
            this.controlPlaneNanos = controlPlaneNanos;
            this.needsLlm = needsLlm;
            this.understood = understood;
        }

        public boolean needsLlm() {
            return needsLlm;
        }

        /** The intent the handler will most likely be for (the pattern's verdict), to say what is happening. */
        public Intent likelyIntent() {
            return pending.map(p -> p.pattern().intent()).orElse(Intent.OTHER);
        }
    }

    /** Answers {@code inquiry}; the correlation id is bound to the MDC for the whole request. */
    public PipelineOutcome handle(Inquiry inquiry, String correlationId) {
        return handle(inquiry, correlationId, Optional.empty());
    }

    /** The same for a Slack event: its interaction is keyed by {@code eventId}, so its reply can be tied to it. */
    public PipelineOutcome handle(Inquiry inquiry, String correlationId, Optional<String> eventId) {
        return complete(prepare(inquiry, correlationId, eventId), 0, -1);
    }

    /** Meeting resolution and the control plane's pattern half: no LLM call, a few milliseconds. */
    public Prepared prepare(Inquiry inquiry, String correlationId) {
        return prepare(inquiry, correlationId, Optional.empty());
    }

    /** The same for a Slack event, whose interaction is keyed by {@code eventId}. */
    public Prepared prepare(Inquiry inquiry, String correlationId, Optional<String> eventId) {
        return prepare(inquiry, correlationId, eventId, Optional.empty());
    }

    /**
     * The same for a message at {@code place} in Slack: in a thread whose last answer is remembered, a follow-up
     * inherits that answer's intent and scope.
     */
    public Prepared prepare(Inquiry inquiry, String correlationId, Optional<String> eventId,
                            Optional<ThreadMemory.Place> place) {
        return prepare(inquiry, correlationId, eventId, place, Optional.empty());
    }

    /**
     * The same for a message asked beside a channel ({@code besideChannel}: its name, as the Slack assistant view
     * was opened from it): a question that names no account nor person is about the account the name points at
     * ("deal-acme" → Acme Corp), if it points at one.
     */
    public Prepared prepare(Inquiry inquiry, String correlationId, Optional<String> eventId,
                            Optional<ThreadMemory.Place> place, Optional<String> besideChannel) {
        try (CorrelationId.MdcScope ignored = CorrelationId.bind(correlationId)) {
            RequestTrace trace = new RequestTrace(correlationId, metrics);
            MeetingScope asked = resolve(inquiry, trace);
            Optional<ThreadMemory.Turn> last = place.filter(ThreadMemory.Place::inThread)
                    .flatMap(at -> memory.flatMap(threads -> threads.last(at.key())));
            long started = System.nanoTime();
            Optional<ControlPlane.Pending> pending;
            try {
                pending = Optional.of(controlPlane.classify(inquiry,
                        last.map(turn -> new ControlPlane.ThreadHint(turn.intent(), turn.question()))));
            } catch (RuntimeException e) {
                controlPlaneFailed(e);
                pending = Optional.empty();
            }
            long nanos = System.nanoTime() - started;
            boolean needsLlm = pending.map(p -> controlPlane.validates(p) || usesLlm(p.pattern().intent()))
                    .orElse(false);
            Optional<Inherited> inherited = pending.flatMap(ControlPlane.Pending::followUp)
                    .flatMap(kind -> last.map(turn -> new Inherited(kind, turn)));
            // A follow-up takes its scope from the thread; only a question standing alone, naming no one, takes
            // the channel's.
            Optional<List<String>> beside = besideChannel.filter(name -> inherited.isEmpty()
                    && asked.accounts().isEmpty() && asked.people().isEmpty()).flatMap(this::accountsNamedBy);
            MeetingScope scope = beside.map(accounts -> new MeetingScope(accounts, List.of(), asked.timeRange()))
                    .orElse(asked);
            Understood understood = understand(inquiry, scope, place.map(ThreadMemory.Place::key), inherited);
            return new Prepared(inquiry, correlationId, eventId, trace, pending, nanos, needsLlm, understood,
                    beside.isPresent());
        }
    }

    /** What a follow-up inherits from: how it was recognised, and the thread's last answer. */
    private record Inherited(FollowUpRule.Kind kind, ThreadMemory.Turn turn) {
    }

    /**
     * What the handlers are asked: the message itself, or for a follow-up the message completed from the thread
     * (the inherited scope, the topic it does not name, the question it reworks), and what the thread remembers
     * of it next.
     */
    private record Understood(Inquiry asked, MeetingScope scope, String topic, String question,
                              Optional<ThreadMemory.ThreadKey> thread, Optional<FollowUpRule.Kind> followUp) {
    }

    private Understood understand(Inquiry inquiry, MeetingScope own, Optional<ThreadMemory.ThreadKey> thread,
                                  Optional<Inherited> inherited) {
        if (inherited.isEmpty()) {
            // The topic is read only for a thread to remember: a request outside Slack threads needs none.
            String topic = thread.isPresent() ? topic(inquiry.text(), own) : "";
            return new Understood(inquiry, own, topic, inquiry.text(), thread, Optional.empty());
        }
        String ownTopic = topic(inquiry.text(), own);
        ThreadMemory.Turn last = inherited.get().turn();
        MeetingScope scope = ThreadMemory.inherit(own, last.scope());
        String topic = ownTopic.isBlank() ? last.topic() : ownTopic;
        String asked;
        String question;
        if (inherited.get().kind() == FollowUpRule.Kind.REFORMULATE) {
            // The same answer reworked: the question it answered, with how to rework it.
            asked = last.question() + "\n" + inquiry.text();
            question = last.question();
        } else {
            asked = ownTopic.isBlank() && !topic.isBlank() ? inquiry.text() + " " + topic : inquiry.text();
            question = asked;
        }
        return new Understood(new Inquiry(asked, inquiry.userId(), inquiry.teamId(), inquiry.channelId()), scope,
                topic, question, thread, Optional.of(inherited.get().kind()));
    }

    /** The accounts a channel's name points at ("deal-acme", "globex_renewal"), if any. */
    private Optional<List<String>> accountsNamedBy(String channelName) {
        try {
            List<String> accounts = resolver.resolve(channelName.replaceAll("[-_.]+", " ")).accounts();
            return accounts.isEmpty() ? Optional.empty() : Optional.of(accounts);
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.stage.meeting_resolution.failed").inc();
            return Optional.empty();
        }
    }

    private String topic(String text, MeetingScope scope) {
        try {
            return topics.topic(text, scope);
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.threads.topic_failed").inc();
            return "";
        }
    }

    /**
     * The second half: validation (unless skipped), the handler, the summary line and the interaction row.
     * {@code laneWaitNanos}: time spent between the halves waiting for a lane, left out of the total;
     * {@code queueWaitMillis}: the whole wait before service, reported as {@code queueWaitMs} (negative: unknown).
     */
    public PipelineOutcome complete(Prepared prepared, long laneWaitNanos, long queueWaitMillis) {
        return complete(prepared, laneWaitNanos, queueWaitMillis, Optional.empty());
    }

    /**
     * The same, with {@code stream}: where the final handler's answer shows while the LLM writes it. A speculative
     * answer never goes there: it is shown only once validation agreed, whole.
     */
    public PipelineOutcome complete(Prepared prepared, long laneWaitNanos, long queueWaitMillis,
                                    Optional<AnswerStream> stream) {
        try (CorrelationId.MdcScope ignored = CorrelationId.bind(prepared.correlationId)) {
            RequestTrace trace = prepared.trace;
            trace.excludeWait(laneWaitNanos);
            Answered answered = prepared.pending.map(pending -> settleAndAnswer(prepared, pending, stream))
                    .orElseGet(() -> {
                        trace.recordStage(STAGE_CONTROL_PLANE, prepared.controlPlaneNanos);
                        return answerTimed(prepared, unclear(), Optional.empty(), stream);
                    });
            IntentDecision decision = answered.decision;
            Map<String, Object> summary = summarise(trace, decision);
            if (queueWaitMillis >= 0) {
                summary.put("queueWaitMs", queueWaitMillis);
            }
            answered.speculation.ifPresent(outcome -> summary.put("speculation", outcome));
            if (prepared.scopedByChannel) {
                summary.put("channelContext", true);
            }
            prepared.understood.followUp().ifPresent(kind -> {
                summary.put("followUp", true);
                summary.put("followUpRule", kind.ruleId());
            });
            metrics.meter(answered.failed ? "pitcrew.requests.failed" : "pitcrew.requests.succeeded").mark();
            metrics.meter("pitcrew.requests.validation." + decision.validation().wireName()).mark();
            if (answered.failed) {
                LOG.error("Request failed", LogFields.of(summary));
            } else {
                LOG.info("Request completed successfully", LogFields.of(summary));
            }
            record(prepared.inquiry, prepared.correlationId, prepared.eventId, decision, answered.failed, summary);
            Optional<ThreadMemory.Remembered> remembered = answered.failed ? Optional.empty()
                    : prepared.understood.thread().map(key -> new ThreadMemory.Remembered(key, new ThreadMemory.Turn(
                            decision.intent(), prepared.understood.scope(), prepared.understood.topic(),
                            prepared.understood.question())));
            return new PipelineOutcome(answered.reply, decision, summary, answered.failed, remembered);
        }
    }

    private record Answered(IntentDecision decision, Reply reply, boolean failed, Optional<String> speculation) {
    }

    private record Speculated(Optional<Reply> reply, Optional<Exception> failure, long tokens, long nanos) {
    }

    private Answered settleAndAnswer(Prepared prepared, ControlPlane.Pending pending,
                                     Optional<AnswerStream> stream) {
        Intent patternIntent = pending.pattern().intent();
        IntentHandler speculative = handlers.get(patternIntent);
        // A draft is never generated before validation agreed: a wasted one costs tokens and must never be posted.
        if (!pending.parallelValidation() || speculative == null || patternIntent == Intent.DRAFT_EMAIL) {
            return answerTimed(prepared, settleTimed(prepared, pending), Optional.empty(), stream);
        }
        IntentDecision provisional = new IntentDecision(patternIntent, pending.pattern().confidence(),
                Validation.VALIDATED, pending.flag().enabled(), pending.pattern());
        HandlerRequest request = new HandlerRequest(prepared.correlationId, prepared.understood.asked(),
                prepared.understood.scope(),
                provisional);
        CompletableFuture<Speculated> running;
        try {
            running = CompletableFuture.supplyAsync(() -> speculate(speculative, request), speculation);
        } catch (RejectedExecutionException e) {
            metrics.meter("pitcrew.pipeline.speculation.busy").mark();
            return answerTimed(prepared, settleTimed(prepared, pending), Optional.of("busy"), stream);
        }
        IntentDecision decision = settleTimed(prepared, pending);
        if (decision.intent() != patternIntent) {
            metrics.meter("pitcrew.pipeline.speculation.discarded").mark();
            // Counted when it ends; its reply goes nowhere.
            running.thenAccept(done -> metrics.counter("pitcrew.pipeline.speculation.tokens_wasted")
                    .inc(done.tokens()));
            return answerTimed(prepared, decision, Optional.of("discarded"), stream);
        }
        metrics.meter("pitcrew.pipeline.speculation.agreed").mark();
        Speculated done = running.join();
        prepared.trace.recordStage(STAGE_HANDLER, done.nanos());
        if (done.failure().isPresent()) {
            return new Answered(decision, apology(request, done.failure().get()), true, Optional.of("agreed"));
        }
        return new Answered(decision, done.reply().orElseThrow(), false, Optional.of("agreed"));
    }

    private Speculated speculate(IntentHandler handler, HandlerRequest request) {
        long started = System.nanoTime();
        try {
            LlmUsage.Tallied<Reply> tallied = LlmUsage.track(() -> handler.handle(request));
            return new Speculated(Optional.of(tallied.value()), Optional.empty(), tallied.tokens(),
                    System.nanoTime() - started);
        } catch (Exception e) {
            return new Speculated(Optional.empty(), Optional.of(e), 0, System.nanoTime() - started);
        }
    }

    private IntentDecision settleTimed(Prepared prepared, ControlPlane.Pending pending) {
        long started = System.nanoTime();
        try {
            return controlPlane.settle(pending);
        } catch (RuntimeException e) {
            controlPlaneFailed(e);
            return unclear();
        } finally {
            prepared.trace.recordStage(STAGE_CONTROL_PLANE, prepared.controlPlaneNanos + System.nanoTime() - started);
        }
    }

    private Answered answerTimed(Prepared prepared, IntentDecision decision, Optional<String> speculation,
                                 Optional<AnswerStream> stream) {
        HandlerRequest request = new HandlerRequest(prepared.correlationId, prepared.understood.asked(),
                prepared.understood.scope(), decision, stream);
        try (RequestTrace.StageScope stage = prepared.trace.stage(STAGE_HANDLER)) {
            return new Answered(decision, answer(request), false, speculation);
        } catch (HandlerFailure failure) {
            return new Answered(decision, failure.reply, true, speculation);
        }
    }

    private boolean usesLlm(Intent intent) {
        IntentHandler handler = handlers.get(intent);
        return handler != null && handler.usesLlm();
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

    private void controlPlaneFailed(RuntimeException e) {
        metrics.counter("pitcrew.stage.control_plane.failed").inc();
        LOG.error("Control plane failed; treating the request as unclear", e);
    }

    private static IntentDecision unclear() {
        return new IntentDecision(Intent.OTHER, 0.0, Validation.UNAVAILABLE, false,
                new Classification(Intent.OTHER, 0.0, "none"));
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
            throw new HandlerFailure(apology(request, e));
        }
    }

    private Reply apology(HandlerRequest request, Exception e) {
        metrics.counter("pitcrew.handler.failed." + request.decision().intent().wireName()).inc();
        LOG.error("Handler for {} failed", request.decision().intent(), e);
        return Reply.text("Sorry, I ran into a problem answering that. It has been logged "
                + "(reference `" + request.correlationId() + "`); please try again in a moment.");
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
