package com.pitcrew.knowledge;

import com.pitcrew.execution.Pauser;
import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.execution.PeriodicTask;
import com.pitcrew.execution.Threads;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.observability.LogFields;
import com.pitcrew.observability.MdcPropagation;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Product knowledge, assembled: the Airtable client (when configured) or the shipped sample, sync, webhook
 * processing, the snapshot and the {@code product_question} handler. {@link #register} adds the webhook resource,
 * the admin tasks, the {@code product-snapshot} health check and this lifecycle to Dropwizard.
 *
 * <p>At start: with no Airtable settings the product tables are seeded from the sample when empty and the snapshot
 * is built before the first request; with Airtable and no snapshot yet, a full sync runs in the background; with a
 * webhook, a scheduled task keeps it alive and catches up on missed pings.
 *
 * <p>Thread-safe. Background work (start-up sync, webhook catch-ups, slow-path rebuilds) runs on one thread; a sync
 * started from the admin task runs on the admin thread, and stays safe beside it because a sync and a catch-up take
 * turns on the store's table lock (read to commit), each write to the tables is one transaction and snapshot
 * rebuilds are serialised.
 */
public final class ProductKnowledge implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ProductKnowledge.class);

    private final AirtableConfiguration configuration;
    private final KnowledgeStore store;
    private final SyncStatus status = new SyncStatus();
    private final ProductSnapshots snapshots;
    private final ProductSync sync;
    private final ProductSource source;
    private final Optional<AirtableClient> client;
    private final Optional<WebhookProcessor> webhooks;
    private final WebhookReceiver receiver;
    private final ProductQuestionHandler handler;
    private final ExecutorService background;
    private final Optional<PeriodicTask> keepAlive;
    private final Clock clock;
    private final Counter keepAliveFailures;

    ProductKnowledge(AirtableConfiguration configuration, Jdbi jdbi, ObjectMapper json, MetricRegistry metrics,
                     LlmClient llm, Threads threads, Clock clock, LongSupplier nanoTime, Pauser pauser) {
        configuration.validate();
        this.configuration = configuration;
        this.clock = clock;
        this.store = new KnowledgeStore(jdbi);
        // A sync or rebuild under way at stop may finish (up to 10 s) before the database closes.
        this.background = MdcPropagation.wrap(threads.pool("knowledge-background", 1, new LinkedBlockingQueue<>(),
                Duration.ofSeconds(10)));
        this.snapshots = new ProductSnapshots(store, metrics, clock, nanoTime, configuration.snapshotCacheTtl(),
                background);
        this.sync = new ProductSync(store, snapshots, status, clock, nanoTime);
        this.client = configuration.configured()
                ? Optional.of(AirtableClient.create(configuration, json, nanoTime, pauser)) : Optional.empty();
        this.source = client.map(ProductSource::airtable).orElseGet(() -> new SampleBase(json));
        this.webhooks = configuration.webhookConfigured()
                ? Optional.of(new WebhookProcessor(client.orElseThrow(), store, snapshots, status,
                        configuration.webhookId().orElseThrow(), clock, background, metrics))
                : Optional.empty();
        this.receiver = new WebhookReceiver(configuration.webhookMacKey(), configuration.getBaseId(),
                configuration.webhookId().orElse(""), webhooks, json, metrics);
        this.handler = new ProductQuestionHandler(snapshots, new ProductRetriever(), llm);
        this.keepAliveFailures = metrics.counter("pitcrew.knowledge.webhook.keepalive.failed");
        this.keepAlive = webhooks.map(processor -> threads.periodic("knowledge-scheduler", Duration.ZERO,
                configuration.catchUpInterval(), MdcPropagation.wrap((Runnable) this::keepWebhookAlive)));
    }

    public static ProductKnowledge create(AirtableConfiguration configuration, Jdbi jdbi, ObjectMapper json,
                                          MetricRegistry metrics, LlmClient llm, Threads threads) {
        return new ProductKnowledge(configuration, jdbi, json, metrics, llm, threads, Clock.systemUTC(),
                System::nanoTime, Pauser.SLEEP);
    }

    /** The {@code product_question} handler, for the pipeline. */
    public ProductQuestionHandler productQuestionHandler() {
        return handler;
    }

    public void register(Environment environment) {
        environment.jersey().register(new AirtableWebhookResource(receiver));
        environment.admin().addTask(KnowledgeTasks.syncAirtable(this::syncNow));
        environment.admin().addTask(KnowledgeTasks.rebuildSnapshot(snapshots));
        environment.healthChecks().register(ProductSnapshotHealthCheck.NAME, new ProductSnapshotHealthCheck(
                snapshots, status, configuration.configured() ? Optional.of(configuration.snapshotMaxAge())
                        : Optional.empty(), clock));
    }

    /** A full sync from the configured source (Airtable, else the sample), now, on the caller's thread. */
    public String syncNow() {
        return sync.fullSync(source).summary();
    }

    @Override
    public void start() {
        if (!configuration.configured()) {
            seedFromSample();
        } else if (snapshots.latest().isEmpty()) {
            background.execute(this::initialSync);
        }
        keepAlive.ifPresent(PeriodicTask::start);
    }

    @Override
    public void stop() {
        keepAlive.ifPresent(PeriodicTask::stop);
    }

    /** Sample mode: the shipped base fills empty tables; tables that hold data (a past sync) are left alone. */
    private void seedFromSample() {
        int stored = store.productRecordCount();
        if (stored == 0) {
            LOG.info("No Airtable settings: seeding the product tables from the sample base");
            sync.fullSync(source);
        } else {
            LOG.info("No Airtable settings; the product tables already hold records, the sample is not loaded",
                    LogFields.of("records", stored));
            snapshots.rebuild();
        }
    }

    private void initialSync() {
        try (CorrelationId.MdcScope ignored = CorrelationId.bind(CorrelationId.generate())) {
            sync.fullSync(source);
        } catch (RuntimeException e) {
            LOG.error("Initial Airtable sync failed; product questions take the slow path until a sync succeeds", e);
        }
    }

    /** Refreshes the webhook when its expiry is near (Airtable drops it after 7 days) and catches up on pings. */
    void keepWebhookAlive() {
        String webhookId = configuration.webhookId().orElseThrow();
        try (CorrelationId.MdcScope ignored = CorrelationId.bind(CorrelationId.generate())) {
            Instant now = clock.instant();
            Optional<Instant> expires = store.webhookExpiresAt(webhookId).map(Instant::ofEpochMilli);
            if (expires.isEmpty() || Duration.between(now, expires.get()).compareTo(
                    configuration.refreshBeforeExpiry()) < 0) {
                Instant renewed = client.orElseThrow().refreshWebhook(webhookId);
                store.saveWebhookExpiry(webhookId, renewed.toEpochMilli(), now.toEpochMilli());
                LOG.info("Airtable webhook refreshed", LogFields.of("webhookId", webhookId,
                        "expiresAt", renewed.toString()));
            }
            webhooks.orElseThrow().requestCatchUp();
        } catch (RuntimeException e) {
            // A failed run must not cancel the schedule: the next run tries again.
            keepAliveFailures.inc();
            LOG.error("Airtable webhook keep-alive failed", e);
        }
    }

}
