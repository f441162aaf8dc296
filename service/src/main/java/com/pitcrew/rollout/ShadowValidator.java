package com.pitcrew.rollout;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.Threads;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.IntentValidator;
import com.pitcrew.intent.LabelSink;
import com.pitcrew.intent.ProductionLabel;
import com.pitcrew.intent.SkipListener;
import com.pitcrew.llm.LlmResult;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogFields;
import com.pitcrew.observability.MdcPropagation;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.DoubleSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a sample of skipped requests in the background and stores whether the LLM agreed with the pattern,
 * so skip precision is measured rather than guessed; each answer is also a production label (source {@code shadow}).
 * Never slows the request: a full queue drops the sample and counts it, and its LLM calls take a bulkhead permit
 * only when the user path keeps its reserve ({@code pitcrew.rollout.shadow.dropped} otherwise). Thread-safe.
 */
public final class ShadowValidator implements SkipListener {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowValidator.class);

    private final IntentValidator validator;
    private final Jdbi jdbi;
    private final LabelSink labels;
    private final double sampleRate;
    private final DoubleSupplier random;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final ThreadPoolExecutor pool;
    private final ExecutorService executor;

    public ShadowValidator(IntentValidator validator, Jdbi jdbi, LabelSink labels, double sampleRate, int queueSize,
                           int concurrency, Threads threads, Clock clock, MetricRegistry metrics) {
        this(validator, jdbi, labels, sampleRate, queueSize, concurrency,
                () -> ThreadLocalRandom.current().nextDouble(), threads, clock, metrics);
    }

    ShadowValidator(IntentValidator validator, Jdbi jdbi, LabelSink labels, double sampleRate, int queueSize,
                    int concurrency, DoubleSupplier random, Threads threads, Clock clock, MetricRegistry metrics) {
        this.validator = validator;
        this.jdbi = jdbi;
        this.labels = labels;
        this.sampleRate = sampleRate;
        this.random = random;
        this.clock = clock;
        this.metrics = metrics;
        // Owned by the lifecycle, which lets queued samples finish (up to 5 s) at stop.
        this.pool = threads.pool("shadow-validation", concurrency, new ArrayBlockingQueue<>(queueSize),
                Duration.ofSeconds(5));
        this.executor = MdcPropagation.wrap(pool);
    }

    @Override
    public void onSkip(Inquiry inquiry, Classification pattern) {
        if (sampleRate <= 0 || random.getAsDouble() >= sampleRate) {
            return;
        }
        String correlationId = CorrelationId.current().orElseGet(CorrelationId::generate);
        try {
            executor.execute(() -> validate(inquiry, pattern, correlationId));
            metrics.meter("pitcrew.rollout.shadow.sampled").mark();
        } catch (RejectedExecutionException e) {
            metrics.meter("pitcrew.rollout.shadow.dropped").mark();
        }
    }

    void validate(Inquiry inquiry, Classification pattern, String correlationId) {
        LlmResult<Classification> result = validator.validateInBackground(inquiry.text(), pattern);
        if (result instanceof LlmResult.Unavailable<Classification> unavailable
                && unavailable.reason() == LlmResult.Reason.BUSY) {
            metrics.meter("pitcrew.rollout.shadow.dropped").mark();
            return;
        }
        if (!(result instanceof LlmResult.Answer<Classification> answer)) {
            metrics.meter("pitcrew.rollout.shadow.unavailable").mark();
            return;
        }
        boolean agreed = answer.value().intent() == pattern.intent();
        try {
            labels.record(new ProductionLabel(inquiry.text(), pattern, answer.value().intent(),
                    ProductionLabel.Source.SHADOW, correlationId));
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.rollout.shadow.label_failed").inc();
            LOG.warn("Could not hand over a shadow production label", e);
        }
        metrics.meter(agreed ? "pitcrew.rollout.shadow.agreed" : "pitcrew.rollout.shadow.disagreed").mark();
        // One structured line per sample, agreed or not: the report computes skip precision from the logs alone.
        LogFields shadowFields = LogFields.of(java.util.Map.of("shadowAgreed", agreed,
                "patternIntent", pattern.intent().wireName(), "rule", pattern.ruleId(),
                "llmIntent", answer.value().intent().wireName()));
        if (agreed) {
            LOG.info("Shadow validation agreed", shadowFields);
        } else {
            LOG.info("Shadow validation disagreed: pattern said {} ({}), LLM said {}", pattern.intent(),
                    pattern.ruleId(), answer.value().intent(), shadowFields);
        }
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                            INSERT INTO shadow_validations (correlation_id, pattern_intent, pattern_confidence, rule_id,
                                llm_intent, agreed, created_at)
                            VALUES (:correlationId, :patternIntent, :patternConfidence, :ruleId, :llmIntent, :agreed,
                                :createdAt)""")
                    .bind("correlationId", correlationId)
                    .bind("patternIntent", pattern.intent().wireName())
                    .bind("patternConfidence", pattern.confidence())
                    .bind("ruleId", pattern.ruleId())
                    .bind("llmIntent", answer.value().intent().wireName())
                    .bind("agreed", agreed)
                    .bind("createdAt", clock.millis())
                    .execute());
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.rollout.shadow.record_failed").inc();
            LOG.warn("Could not record a shadow validation", e);
        }
    }

    /** Samples waiting or running; for tests. */
    int pending() {
        return pool.getQueue().size() + pool.getActiveCount();
    }}
