package com.pitcrew.core;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.directory.AccountDirectory;
import com.pitcrew.directory.DirectoryStore;
import com.pitcrew.execution.Threads;
import com.pitcrew.intent.ControlPlane;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.IntentClassifier;
import com.pitcrew.intent.IntentValidator;
import com.pitcrew.intent.PatternClassifier;
import com.pitcrew.intent.SkipListener;
import com.pitcrew.intent.SkipPolicy;
import com.pitcrew.knowledge.ProductKnowledge;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.meetings.MeetingResolver;
import com.pitcrew.meetings.Meetings;
import com.pitcrew.pipeline.HelpHandler;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.InteractionStore;
import com.pitcrew.pipeline.OtherHandler;
import com.pitcrew.pipeline.RequestPipeline;
import com.pitcrew.pipeline.ThreadMemory;
import com.pitcrew.rollout.BackgroundLabelWriter;
import com.pitcrew.rollout.KillSwitch;
import com.pitcrew.rollout.ProductionLabelStore;
import com.pitcrew.rollout.RolloutConfiguration;
import com.pitcrew.rollout.RolloutGuard;
import com.pitcrew.rollout.RuleBreakerStore;
import com.pitcrew.rollout.RuleTrustMonitor;
import com.pitcrew.rollout.ShadowValidator;
import com.pitcrew.rollout.SkipFlag;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import org.jdbi.v3.core.Jdbi;

/**
 * The request path's components, built by hand in dependency order from the configuration. The server
 * ({@code PitCrewApplication.run}) assembles it here and lets Dropwizard run its lifecycle; {@link LocalCore} does
 * the same for the {@code ask} command and the bench, so they answer alike.
 */
public record PitCrewCore(AccountDirectory directory, LlmClient llm, SkipFlag skipFlag, KillSwitch killSwitch, RolloutGuard rolloutGuard,
                          RuleTrustMonitor ruleTrust, RuleBreakerStore ruleBreakers, ControlPlane controlPlane, InteractionStore interactions,
                          ProductKnowledge productKnowledge, Meetings meetings, RequestPipeline pipeline) {

    /**
     * Product knowledge and meetings are built here because their handlers share this core's one LLM client;
     * their lifecycles seed the sample data and build the indexes before the first request. The account directory
     * comes first, and first in the lifecycle: the classifier's names, the meeting resolver and the draft handler
     * all read its snapshot, which its start loads. Each component is registered with {@code lifecycle} as it is
     * built, after the pools it got from it: Dropwizard starts in that order and stops in reverse.
     */
    public static PitCrewCore assemble(PitCrewConfiguration configuration, MetricRegistry metrics, Jdbi jdbi,
                                       Clock clock, LifecycleEnvironment lifecycle) {
        Threads threads = new Threads(lifecycle);
        AccountDirectory directory = new AccountDirectory(new DirectoryStore(jdbi, clock));
        IntentClassifier classifier = PatternClassifier.loadDefault(directory::names);
        LlmClient llm = LlmClient.create(configuration.getLlm(), metrics, clock);
        SkipFlag skipFlag = SkipFlag.create(configuration.getUnleash(), metrics);
        KillSwitch killSwitch = new KillSwitch(jdbi, SkipFlag.NAME,
                configuration.getRollout().getKillSwitchRefresh().toJavaDuration(), threads, clock, metrics);
        IntentValidator validator = new IntentValidator(llm);
        RolloutConfiguration rollout = configuration.getRollout();
        lifecycle.manage(directory);
        lifecycle.manage(killSwitch);
        lifecycle.manage(skipFlag);
        // Labels are written in the background. Built before the shadow validator: its pool stops after the
        // validator's, so the validator hands over its last labels before the writer drains its queue.
        ProductionLabelStore labelStore = new ProductionLabelStore(jdbi);
        BackgroundLabelWriter labels = new BackgroundLabelWriter(labelStore, rollout.getLabelQueueSize(), threads,
                clock, metrics);
        RuleBreakerStore ruleBreakers = new RuleBreakerStore(jdbi);
        RuleTrustMonitor ruleTrust = new RuleTrustMonitor(labelStore, ruleBreakers,
                rollout.ruleTrust(configuration.getIntent().getSkipThreshold()), threads, clock, metrics);
        lifecycle.manage(ruleTrust);
        SkipListener skipListener = SkipListener.NONE;
        if (llm.configured()) {
            skipListener = new ShadowValidator(validator, jdbi, labels, rollout.getShadowSampleRate(),
                    rollout.getShadowQueueSize(), rollout.getShadowConcurrency(), threads, clock, metrics);
        }
        RolloutGuard rolloutGuard = new RolloutGuard(jdbi, killSwitch, rollout.criteria(), threads, clock, metrics);
        lifecycle.manage(rolloutGuard);
        ControlPlane controlPlane = new ControlPlane(classifier,
                new SkipPolicy(configuration.getIntent().getSkipThreshold()), skipFlag, killSwitch, validator,
                configuration.getIntent().getFallbackFloor(), skipListener, ruleTrust, labels, metrics);
        InteractionStore interactions = new InteractionStore(jdbi);
        ProductKnowledge productKnowledge = ProductKnowledge.create(configuration.getAirtable(), jdbi,
                Jackson.newObjectMapper(), metrics, llm, threads);
        lifecycle.manage(productKnowledge);

        Meetings meetings = Meetings.create(configuration.getMeetings(), jdbi, llm, directory::accounts, threads, clock,
                metrics);
        meetings.alsoOnRefresh(directory::reloadIfChanged);
        lifecycle.manage(meetings);
        List<IntentHandler> handlers = new ArrayList<>();
        handlers.add(productKnowledge.productQuestionHandler());
        handlers.addAll(meetings.handlers());
        handlers.add(new OtherHandler());
        Set<Intent> supported = EnumSet.of(Intent.HELP, Intent.OTHER);
        handlers.forEach(handler -> supported.add(handler.intent()));
        handlers.add(new HelpHandler(supported));

        // Parallel validation's speculative handlers: a full pool means the request runs in sequence instead.
        int speculationThreads = configuration.getPipeline().getSpeculationThreads();
        ThreadPoolExecutor speculation = threads.pool("speculation", speculationThreads, new SynchronousQueue<>(),
                Duration.ofSeconds(5));
        ThreadMemory threadMemory = new ThreadMemory(jdbi,
                configuration.getRetention().getThreadContext().toJavaDuration(), clock, metrics);
        RequestPipeline pipeline = new RequestPipeline(new MeetingResolver(directory::accounts, clock), controlPlane,
                handlers, Optional.of(interactions), metrics, clock, speculation, Optional.of(threadMemory),
                meetings.topics());
        return new PitCrewCore(directory, llm, skipFlag, killSwitch, rolloutGuard, ruleTrust, ruleBreakers, controlPlane,
                interactions, productKnowledge, meetings, pipeline);
    }
}
