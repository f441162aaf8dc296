package com.pitcrew.slack;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.MetricRegistry;
import com.pitcrew.admin.TaskInputFilter;
import com.pitcrew.execution.Threads;
import com.pitcrew.pipeline.InteractionStore;
import com.pitcrew.pipeline.RequestPipeline;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.util.SlackRequestParser;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack feature, wired: {@code POST /slack/events}, {@code POST /slack/interactions} (feedback clicks), the
 * inbox worker, its health check and metrics. Without
 * credentials only the endpoint exists, answering 503.
 */
public final class SlackFrontDoor {

    private static final Logger LOG = LoggerFactory.getLogger(SlackFrontDoor.class);

    private SlackFrontDoor() {
    }

    /**
     * {@code exclusiveDatabase}: no other process can open the database (embedded H2), so rows still held at start
     * belong to a dead earlier run and are taken back at once.
     */
    public static void install(SlackConfiguration configuration, Environment environment, Jdbi jdbi,
                               RequestPipeline pipeline, InteractionStore interactions, TaskInputFilter taskInput,
                               boolean exclusiveDatabase, Clock clock) {
        MetricRegistry metrics = environment.metrics();
        SlackInbox inbox = new SlackInbox(jdbi);
        // Failed events can be requeued wherever they were stored, also from an instance without Slack credentials.
        environment.admin().addTask(taskInput.check(new RequeueFailedTask(inbox, clock)));
        environment.admin().addServlet("slack-event", new SlackEventStatusServlet(jdbi))
                .addMapping(SlackEventStatusServlet.PATH);
        Optional<SlackConfiguration.Credentials> credentials = configuration.credentials();
        if (credentials.isEmpty()) {
            LOG.warn("Slack is off: SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not both set; /slack/events "
                    + "answers 503 (use the 'ask' command locally)");
            environment.jersey().register(new SlackEventsResource(Optional.empty(), metrics));
            environment.jersey().register(new SlackInteractionsResource(Optional.empty(), metrics));
            return;
        }
        Slack slack = Slack.getInstance(slackConfig(configuration));
        // Managed before the pools of the worker and the busy notice (built next), so closed after they have
        // drained: their last posts must not lose their responses to a closed client (a post whose response is lost
        // may be posted again).
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() throws Exception {
                slack.close();
            }
        });
        Threads threads = new Threads(environment.lifecycle());
        SlackReplies replies = new SlackReplies(slack.methods(credentials.get().botToken()), metrics);
        String owner = owner(configuration.getInstanceId());
        SlackSideCalls sideCalls = new SlackSideCalls(threads, metrics);
        AssistantThreads assistant = new AssistantThreads(jdbi, replies, sideCalls, clock, metrics);
        InboxWorker worker = new InboxWorker(inbox, pipeline, replies, assistant, configuration,
                owner, earlierRuns(configuration.getInstanceId(), exclusiveDatabase), threads, clock, metrics);
        // Refreshed at most once a second: the ack path reads it for every event.
        CachedGauge<SlackInbox.Waiting> waiting = new CachedGauge<>(1, TimeUnit.SECONDS) {
            @Override
            protected SlackInbox.Waiting loadValue() {
                return inbox.waiting(clock.millis());
            }
        };
        BusyNotice busy = new BusyNotice(inbox, replies, () -> waiting.getValue().count() + worker.queuedInLanes(),
                configuration.getBusyBacklog(), noticeOwner(owner), threads, clock, metrics);
        FeedbackStore feedback = new FeedbackStore(jdbi);
        // Under Slack's 3 s: a store slower than this answers 500 in time for Slack to retry.
        InboxIntake intake = new InboxIntake(inbox, Duration.ofMillis(2_500), metrics);
        environment.lifecycle().manage(intake);
        App app = new SlackEvents(intake, feedback, assistant, message -> {
            worker.wake();
            busy.stored(message);
        }, clock, metrics).start(credentials.get(), slack);
        SlackEventsResource.Door door = new SlackEventsResource.Door(
                new EventGate(credentials.get().signingSecret(), clock), app, new SlackRequestParser(app.config()));
        environment.jersey().register(new SlackEventsResource(Optional.of(door), metrics));
        environment.jersey().register(new SlackInteractionsResource(Optional.of(new SlackInteractionsResource.Door(
                door.gate(), new SlackInteractions(feedback, replies, sideCalls, clock, metrics))), metrics));

        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() throws Exception {
                app.stop();
                app.executorService().shutdown();
            }
        });
        environment.lifecycle().manage(worker);
        environment.healthChecks().register("slack-inbox", new InboxHealthCheck(inbox, worker,
                configuration.getStuckAfter().toJavaDuration(), clock));
        metrics.gauge("pitcrew.slack.queue.waiting", () -> () -> waiting.getValue().count() + worker.queuedInLanes());
        metrics.gauge("pitcrew.slack.queue.oldest_age_ms", () -> () -> waiting.getValue().oldestDueMillis()
                .map(due -> Math.max(0, clock.millis() - due)).orElse(0L));
        metrics.register("pitcrew.slack.inbox.depth", new CachedGauge<Long>(5, TimeUnit.SECONDS) {
            @Override
            protected Long loadValue() {
                return inbox.stats(clock.millis()).pending();
            }
        });
        metrics.register("pitcrew.slack.inbox.failed_rows", new CachedGauge<Long>(30, TimeUnit.SECONDS) {
            @Override
            protected Long loadValue() {
                return inbox.stats(clock.millis()).failed();
            }
        });
    }

    private static SlackConfig slackConfig(SlackConfiguration configuration) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(configuration.apiUrl());
        // Stats would call auth.test per token in the background and keep threads we do not need.
        config.setStatsEnabled(false);
        config.setPrettyResponseLoggingEnabled(false);
        int timeout = Math.toIntExact(configuration.getApiTimeout().toMilliseconds());
        config.setHttpClientReadTimeoutMillis(timeout);
        config.setHttpClientWriteTimeoutMillis(timeout);
        config.setHttpClientCallTimeoutMillis(timeout);
        return config;
    }

    /**
     * Who holds a lease: the instance id (else the host) and a per-process random part, so a restarted process is a
     * new owner and every write stays fenced against the run before it.
     */
    private static Optional<String> earlierRuns(Optional<String> instanceId, boolean exclusiveDatabase) {
        if (exclusiveDatabase) {
            return Optional.of(""); // nobody else can hold a row: every holder was an earlier run of this process
        }
        return instanceId.map(id -> id + "-");
    }

    /** The busy notice's own lease holder: the owner's name (its instance prefix kept) and a mark. */
    private static String noticeOwner(String owner) {
        String notice = owner + "-n";
        return notice.length() <= 64 ? notice : owner.substring(0, 62) + "-n";
    }

    private static String owner(Optional<String> instanceId) {
        String host;
        try {
            host = instanceId.orElse(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        String owner = host + "-" + suffix;
        return owner.length() <= 64 ? owner : owner.substring(owner.length() - 64);
    }
}
