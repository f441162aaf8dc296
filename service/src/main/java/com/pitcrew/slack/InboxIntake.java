package com.pitcrew.slack;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.NamedThreads;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores arriving events with group commit: the request thread hands its event over and waits for the commit, and
 * each writer stores whatever has arrived meanwhile in one transaction. An ack still means the row is committed,
 * but a commit (an fsync on H2 and MySQL) is paid per batch, not per event: at 200 events/s one-insert-per-commit
 * had a few hundred request threads queued for the 16 database connections, starving the workers that answer.
 * Nothing waits to fill a batch, so one event alone is stored at once. Before {@link #start()} and after
 * {@link #stop()} events are stored directly. Thread-safe.
 */
final class InboxIntake implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(InboxIntake.class);
    /** Rows a commit carries at most; keeps a transaction (and its IN list) small. */
    static final int MAX_BATCH = 200;
    private static final int WRITERS = 2;
    private static final Duration POLL = Duration.ofMillis(100);

    private record Pending(SlackInbox.Arrival arrival, CompletableFuture<SlackInbox.Stored> stored) {
    }

    private final SlackInbox inbox;
    private final Duration wait;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Histogram batchSizes;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    /** {@code wait}: how long a request waits for its commit before it answers 500 (Slack then retries). */
    InboxIntake(SlackInbox inbox, Duration wait, MetricRegistry metrics) {
        this.inbox = inbox;
        this.wait = wait;
        this.batchSizes = metrics.histogram("pitcrew.slack.inbox.store_batch");
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < WRITERS; i++) {
            Thread writer = NamedThreads.named("slack-inbox-writer").newThread(this::write);
            writer.start();
            writers.add(writer);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        // Not interrupted: an interrupt inside H2's file I/O closes the database. Each notices within a poll.
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        }
        // Anything handed over after the writers left is stored here, so no acknowledged event is lost.
        drainDirectly();
    }

    /** Stores the event (committed when this returns); throws when it could not be stored in time. */
    SlackInbox.Stored store(InboxMessage message, String correlationId, long now) {
        if (!running) {
            return inbox.store(message, correlationId, now);
        }
        Pending pending = new Pending(new SlackInbox.Arrival(message, correlationId, now), new CompletableFuture<>());
        queue.add(pending);
        if (!running) {
            drainDirectly(); // stopped while handing over: nobody else will take it
        }
        try {
            return pending.stored().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("storing a Slack event failed", e.getCause());
        } catch (TimeoutException e) {
            // It may still commit: Slack's retry then finds it a duplicate and nothing is answered twice.
            throw new IllegalStateException("storing a Slack event took longer than " + wait.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a Slack event", e);
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            Pending first;
            try {
                first = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
    }

    private synchronized void drainDirectly() {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (Pending pending : rest) {
            commit(List.of(pending));
        }
    }

    private void commit(List<Pending> batch) {
        batchSizes.update(batch.size());
        try {
            List<SlackInbox.Stored> outcomes = inbox.storeAll(batch.stream().map(Pending::arrival).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).stored().complete(outcomes.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                // One row must not fail its neighbours: each is tried alone, and only what fails then gets a 500.
                batch.forEach(pending -> commit(List.of(pending)));
                return;
            }
            LOG.warn("Storing a Slack event failed; it is answered 500 and Slack retries it", e);
            batch.forEach(pending -> pending.stored().completeExceptionally(e));
        }
    }
}
