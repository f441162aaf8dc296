package com.pitcrew.knowledge;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.pitcrew.observability.LogFields;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product snapshot: rebuilt from the five tables on demand, read by every product question.
 *
 * <p>Reads take the fast path when a snapshot exists: served from memory while the last version check is younger
 * than the cache TTL (no query at all), otherwise after one cheap version query (plus one load when another
 * instance stored a newer version). With no snapshot yet, the slow path renders the five tables in memory, starts a
 * background rebuild and still answers.
 *
 * <p>Thread-safe: reads share an immutable cache entry through a volatile field; rebuilds are serialised by a lock
 * so two webhooks at once never interleave their writes (across instances, the version primary key does it).
 */
final class ProductSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(ProductSnapshots.class);

    /** What a rebuild did. {@code snapshot} is the current one, new or unchanged. */
    record RebuildResult(ProductSnapshot snapshot, boolean written) {
    }

    private record Cached(ProductSnapshot snapshot, long checkedAtNanos) {
    }

    private final KnowledgeStore store;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final long cacheTtlNanos;
    private final Executor background;
    private final ReentrantLock rebuildLock = new ReentrantLock();
    private final AtomicBoolean rebuildQueued = new AtomicBoolean();
    private final Meter fast;
    private final Meter slow;
    private final Timer rebuildTimer;
    private volatile Cached cached;

    ProductSnapshots(KnowledgeStore store, MetricRegistry metrics, Clock clock, LongSupplier nanoTime,
                     Duration cacheTtl, Executor background) {
        this.store = store;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.cacheTtlNanos = cacheTtl.toNanos();
        this.background = background;
        this.fast = metrics.meter("pitcrew.knowledge.snapshot.fast");
        this.slow = metrics.meter("pitcrew.knowledge.snapshot.slow");
        this.rebuildTimer = metrics.timer("pitcrew.knowledge.snapshot.rebuild");
    }

    /** The knowledge to answer from now; never fails for want of a snapshot. */
    SnapshotView current() {
        Optional<ProductSnapshot> snapshot = cachedOrStored();
        SnapshotView view;
        if (snapshot.isPresent()) {
            fast.mark();
            view = new SnapshotView(snapshot.get().content(), snapshot.get().contentHash(),
                    Optional.of(snapshot.get().version()), SnapshotView.Path.FAST);
        } else {
            slow.mark();
            RenderedSnapshot rendered = RenderedSnapshot.of(store.loadAll());
            triggerRebuild();
            view = new SnapshotView(rendered.content(), rendered.contentHash(), Optional.empty(),
                    SnapshotView.Path.SLOW);
        }
        LOG.info("Product knowledge served", LogFields.of("snapshotPath", view.path().wireName(),
                "snapshotVersion", view.version().map(String::valueOf).orElse("none")));
        return view;
    }

    /** The newest stored snapshot, cached; empty when none exists. */
    Optional<ProductSnapshot> latest() {
        return cachedOrStored();
    }

    private Optional<ProductSnapshot> cachedOrStored() {
        Cached entry = cached;
        long now = nanoTime.getAsLong();
        if (entry != null && now - entry.checkedAtNanos() < cacheTtlNanos) {
            return Optional.of(entry.snapshot());
        }
        Optional<Long> version = store.latestSnapshotVersion();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        if (entry != null && entry.snapshot().version() == version.get()) {
            cached = new Cached(entry.snapshot(), now);
            return Optional.of(entry.snapshot());
        }
        // Another instance (or a rebuild before this one started) stored a newer version.
        Optional<ProductSnapshot> loaded = store.latestSnapshot();
        loaded.ifPresent(snapshot -> remember(snapshot, now));
        return loaded;
    }

    /**
     * Renders the five tables and stores the result as a new version unless its hash equals the current one.
     * Serialised: a second caller waits for the first and then finds the hash unchanged.
     */
    RebuildResult rebuild() {
        rebuildLock.lock();
        try (Timer.Context ignored = rebuildTimer.time()) {
            long started = nanoTime.getAsLong();
            Map<ProductTable, List<ProductRecord>> tables = store.loadAll();
            RenderedSnapshot rendered = RenderedSnapshot.of(tables);
            long buildMs = TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - started);
            KnowledgeStore.SnapshotWrite write = insert(rendered, buildMs);
            ProductSnapshot snapshot = write.snapshot();
            remember(snapshot, nanoTime.getAsLong());
            if (write.written()) {
                LOG.info("Product snapshot built", LogFields.of(Map.of("snapshotVersion", snapshot.version(),
                        "contentHash", snapshot.contentHash(), "records", snapshot.recordCount(), "buildMs", buildMs)));
            } else {
                LOG.info("Product snapshot unchanged", LogFields.of("snapshotVersion", snapshot.version(),
                        "contentHash", snapshot.contentHash()));
            }
            return new RebuildResult(snapshot, write.written());
        } finally {
            rebuildLock.unlock();
        }
    }

    /** A rebuild on the background executor; requests while one is queued are folded into it. */
    void triggerRebuild() {
        if (!rebuildQueued.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            rebuildQueued.set(false);
            try {
                rebuild();
            } catch (RuntimeException e) {
                LOG.error("Background product snapshot rebuild failed", e);
            }
        });
    }

    private KnowledgeStore.SnapshotWrite insert(RenderedSnapshot rendered, long buildMs) {
        try {
            return store.insertSnapshotIfChanged(rendered, clock.millis(), buildMs);
        } catch (UnableToExecuteStatementException e) {
            // Another instance stored the same next version first: its snapshot is as current as ours would be.
            LOG.info("Product snapshot written concurrently by another instance; retrying once");
            return store.insertSnapshotIfChanged(rendered, clock.millis(), buildMs);
        }
    }

    private void remember(ProductSnapshot snapshot, long checkedAtNanos) {
        Cached entry = cached;
        if (entry == null || entry.snapshot().version() <= snapshot.version()) {
            cached = new Cached(snapshot, checkedAtNanos);
        }
    }
}
