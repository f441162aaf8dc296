package com.pitcrew.intent;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.llm.LlmResult;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogFields;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code control_plane}: the pattern classifier's verdict, with its confidence lowered to what production
 * traffic supports ({@link RuleTrust}), skipped past the LLM when the skip policy allows, validated by the LLM
 * otherwise, and a safe fallback when the LLM cannot answer. Every LLM answer labels the pattern's verdict
 * ({@link LabelSink}). Never throws for an LLM or label failure. Thread-safe.
 */
public final class ControlPlane {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final IntentClassifier classifier;
    private final FollowUpRule followUps;
    private final SkipPolicy policy;
    private final SkipFlagSource flag;
    private final KillSwitchSource killSwitch;
    private final IntentValidator validator;
    private final double fallbackFloor;
    private final SkipListener skipListener;
    private final RuleTrust ruleTrust;
    private final LabelSink labels;
    private final MetricRegistry metrics;

    public ControlPlane(IntentClassifier classifier, SkipPolicy policy, SkipFlagSource flag,
                        KillSwitchSource killSwitch, IntentValidator validator, double fallbackFloor,
                        SkipListener skipListener,
                        RuleTrust ruleTrust, LabelSink labels, MetricRegistry metrics) {
        this(classifier, FollowUpRule.shipped(), policy, flag, killSwitch, validator, fallbackFloor, skipListener,
                ruleTrust, labels, metrics);
    }

    public ControlPlane(IntentClassifier classifier, FollowUpRule followUps, SkipPolicy policy, SkipFlagSource flag,
                        KillSwitchSource killSwitch, IntentValidator validator, double fallbackFloor,
                        SkipListener skipListener, RuleTrust ruleTrust, LabelSink labels, MetricRegistry metrics) {
        this.classifier = classifier;
        this.followUps = followUps;
        this.policy = policy;
        this.flag = flag;
        this.killSwitch = killSwitch;
        this.validator = validator;
        this.fallbackFloor = fallbackFloor;
        this.skipListener = skipListener;
        this.ruleTrust = ruleTrust;
        this.labels = labels;
        this.metrics = metrics;
    }

    /**
     * The control plane's first half, without any LLM call: the pattern verdict, the flags for this user and the
     * skip policy's verdict. The worker uses it to pick a lane; {@link #settle} finishes the decision.
     */
    public record Pending(Inquiry inquiry, Classification calibrated, Classification pattern, SkipFlagSource.State flag,
                          SkipPolicy.Verdict verdict, boolean parallelValidation,
                          Optional<FollowUpRule.Kind> followUp) {

        public boolean skips() {
            return verdict.skip();
        }
    }

    /** What a thread's previous answer was: its intent, and the question as it was answered. */
    public record ThreadHint(Intent intent, String question) {
    }

    public IntentDecision decide(Inquiry inquiry) {
        return settle(classify(inquiry));
    }

    public Pending classify(Inquiry inquiry) {
        return classify(inquiry, Optional.empty());
    }

    /**
     * The same for a message in a thread whose last answer is {@code thread}: a follow-up is classified by the
     * follow-up rule, and the LLM (validation, labels, shadow validation) reads it with the question it follows,
     * since "and Globex?" means nothing alone.
     */
    public Pending classify(Inquiry message, Optional<ThreadHint> thread) {
        Inquiry inquiry = message;
        Classification own = classifier.classify(message.text());
        Optional<FollowUpRule.FollowUp> followUp = thread.flatMap(hint -> followUps.recognise(message.text(), own,
                hint.intent(), classifier.namesSomeone(message.text())));
        Classification calibrated = followUp.map(FollowUpRule.FollowUp::classification).orElse(own);
        if (followUp.isPresent()) {
            metrics.meter("pitcrew.control_plane.follow_up." + followUp.get().kind().name()
                    .toLowerCase(Locale.ROOT)).mark();
            inquiry = new Inquiry(inquiry.text() + "\n(a follow-up in a thread; the question before it: "
                    + thread.get().question() + ")", inquiry.userId(), inquiry.teamId(), inquiry.channelId());
        }
        // One view per request, so the confidence and the breaker come from the same refresh.
        RuleTrustView trust = ruleTrust.view();
        Classification pattern = trust.apply(calibrated);
        SkipFlagSource.State flagState = flag.evaluate(inquiry.userId(), inquiry.teamId(), inquiry.channelId());
        SkipPolicy.Verdict verdict = policy.decide(pattern, flagState.enabled(), flagState.threshold(),
                killSwitch.engaged(), trust.breakerOpen(pattern.ruleId()));
        metrics.meter("pitcrew.control_plane.skip_policy." + verdict.reason()).mark();
        boolean parallel = !verdict.skip() && validator.available()
                && flag.parallelValidation(inquiry.userId(), inquiry.teamId(), inquiry.channelId());
        return new Pending(inquiry, calibrated, pattern, flagState, verdict, parallel,
                followUp.map(FollowUpRule.FollowUp::kind));
    }

    /** Whether {@link #settle} will wait on the LLM for this request. */
    public boolean validates(Pending pending) {
        return !pending.skips() && validator.available();
    }

    public IntentDecision settle(Pending pending) {
        Inquiry inquiry = pending.inquiry();
        Classification calibrated = pending.calibrated();
        Classification pattern = pending.pattern();
        SkipFlagSource.State flagState = pending.flag();
        if (pending.skips()) {
            LOG.info("skipping LLM validation", LogFields.of("intent", pattern.intent().wireName(),
                    "confidence", pattern.confidence(), "threshold", pending.verdict().threshold()));
            notifySkip(inquiry, calibrated);
            return new IntentDecision(pattern.intent(), pattern.confidence(), Validation.SKIPPED, true, pattern);
        }
        LlmResult<Classification> validated = validator.validate(inquiry.text(), pattern);
        if (validated instanceof LlmResult.Answer<Classification> answer) {
            Classification llm = answer.value();
            metrics.meter(llm.intent() == pattern.intent()
                    ? "pitcrew.control_plane.validation.agreed" : "pitcrew.control_plane.validation.corrected").mark();
            label(new ProductionLabel(inquiry.text(), calibrated, llm.intent(), ProductionLabel.Source.VALIDATED,
                    CorrelationId.current().orElseGet(CorrelationId::generate)));
            return new IntentDecision(llm.intent(), llm.confidence(), Validation.VALIDATED, flagState.enabled(),
                    pattern);
        }
        LlmResult.Unavailable<Classification> unavailable = (LlmResult.Unavailable<Classification>) validated;
        metrics.meter("pitcrew.control_plane.validation.unavailable." + unavailable.reason().wireName()).mark();
        if (pattern.confidence() >= fallbackFloor) {
            return new IntentDecision(pattern.intent(), pattern.confidence(), Validation.UNAVAILABLE,
                    flagState.enabled(), pattern);
        }
        return new IntentDecision(Intent.OTHER, pattern.confidence(), Validation.UNAVAILABLE, flagState.enabled(),
                pattern);
    }

    /** A label is a by-product: losing one must never cost the user their answer. */
    private void label(ProductionLabel label) {
        try {
            labels.record(label);
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.control_plane.label_failed").inc();
            LOG.warn("Could not hand over a production label", e);
        }
    }

    private void notifySkip(Inquiry inquiry, Classification pattern) {
        try {
            skipListener.onSkip(inquiry, pattern);
        } catch (RuntimeException e) {
            metrics.counter("pitcrew.control_plane.skip_listener_failed").inc();
            LOG.warn("Skip listener failed", e);
        }
    }
}
