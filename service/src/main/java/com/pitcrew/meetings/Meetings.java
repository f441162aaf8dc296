package com.pitcrew.meetings;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.admin.TaskInputFilter;
import com.pitcrew.directory.Account;
import com.pitcrew.directory.AccountDirectory;
import com.pitcrew.execution.PeriodicTask;
import com.pitcrew.execution.Threads;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.TopicReader;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meetings feature in one place: the store, the search index and the five handlers. The server and the
 * {@code ask} command both get it from {@code PitCrewCore.assemble}, so they answer alike. Starting it seeds the
 * sample calls into an empty database, re-dates them, and builds the index before the first request is served;
 * then every {@code refreshInterval} it reads the change rows other instances (or commands) wrote and updates the
 * index in place, so an imported, replaced or deleted call shows within seconds everywhere without a restart.
 *
 * <p>Thread-safe: {@link #refresh} is serialised; the index publishes immutable snapshots to request threads.
 */
public final class Meetings implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(Meetings.class);

    /**
     * Change rows are re-read for this long after they were written: a transaction that committed late (its row
     * numbered before one already seen) or a writer whose clock is a little behind is still caught.
     */
    static final Duration CHANGE_WINDOW = Duration.ofMinutes(1);
    /** Change rows older than this are pruned; an instance that was down longer rebuilds its index at start. */
    static final Duration CHANGE_RETENTION = Duration.ofDays(1);

    private final MeetingStore store;
    private final MeetingSearch search;
    private final MeetingsConfiguration configuration;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final List<IntentHandler> handlers;
    private final Map<Long, Long> seenChanges = new HashMap<>(); // guarded by this
    private long lastLook; // guarded by this
    private LocalDate datedOn; // guarded by this
    private final PeriodicTask refresher;
    private volatile boolean started;
    private volatile Runnable alsoOnRefresh = () -> { };

    private Meetings(MeetingStore store, MeetingSearch search, MeetingsConfiguration configuration, LlmClient llm,
                     Supplier<List<Account>> accounts, Threads threads, Clock clock, MetricRegistry metrics) {
        this.store = store;
        this.refresher = threads.periodic("meetings-refresh", configuration.refreshInterval(), this::refreshQuietly);
        this.search = search;
        this.configuration = configuration;
        this.clock = clock;
        this.metrics = metrics;
        MeetingContext context = new MeetingContext(search);
        this.handlers = List.of(
                new SearchCallsHandler(context),
                new MeetingQuestionHandler(context, llm),
                new MeetingSummaryHandler(context, llm),
                new ActionItemsHandler(context),
                new DraftEmailHandler(context, llm, accounts));
    }

    /** With the default {@code meetings} settings. */
    public static Meetings create(Jdbi jdbi, LlmClient llm, Supplier<List<Account>> accounts, Threads threads,
                                  Clock clock, MetricRegistry metrics) {
        return create(new MeetingsConfiguration(), jdbi, llm, accounts, threads, clock, metrics);
    }

    /**
     * {@code accounts} is the account directory (draft recipients); it is called per request and must be cheap,
     * returning the same list until the directory changes.
     */
    public static Meetings create(MeetingsConfiguration configuration, Jdbi jdbi, LlmClient llm,
                                  Supplier<List<Account>> accounts, Threads threads, Clock clock,
                                  MetricRegistry metrics) {
        Meetings meetings = new Meetings(new MeetingStore(jdbi, clock),
                new MeetingSearch(configuration.maxIndexedCalls()), configuration, llm, accounts, threads, clock,
                metrics);
        metrics.gauge("pitcrew.meetings.indexed", () -> meetings.search::size);
        metrics.gauge("pitcrew.meetings.index.bytes", () -> meetings.search::indexBytes);
        metrics.gauge("pitcrew.meetings.index.transcript_chars", () -> meetings.search::transcriptChars);
        return meetings;
    }

    /** Handlers for search_calls, meeting_question, meeting_summary, action_items and draft_email. */
    /** What a message is about, as the search reads it: the words a thread remembers as its topic. */
    public TopicReader topics() {
        return (text, scope) -> String.join(" ", search.topic(text, scope).words());
    }

    public List<IntentHandler> handlers() {
        return handlers;
    }

    /** The importer for files and call documents; what it learns about accounts goes into {@code directory}. */
    public MeetingImporter importer(AccountDirectory directory) {
        return new MeetingImporter(this, directory);
    }

    /** {@code POST /meetings}, authenticated by {@code MEETINGS_IMPORT_TOKEN} (503 without one). */
    public void register(Environment environment, MeetingImporter importer, TaskInputFilter taskInput) {
        environment.jersey().register(new MeetingsImportResource(configuration, importer, metrics));
        environment.admin().addTask(taskInput.check(new DeleteMeetingTask(this)));
    }

    /** Something else to keep current on the same schedule (the account directory, learning from imports elsewhere). */
    public void alsoOnRefresh(Runnable task) {
        this.alsoOnRefresh = task;
    }

    MeetingSearch search() {
        return search;
    }

    MeetingStore store() {
        return store;
    }

    MeetingsConfiguration configuration() {
        return configuration;
    }

    MetricRegistry metrics() {
        return metrics;
    }

    @Override
    public void start() {
        int seeded = SampleMeetings.seedIfEmpty(store, clock);
        if (seeded > 0) {
            metrics.counter("pitcrew.meetings.seeded").inc(seeded);
            LOG.info("Seeded {} sample calls into an empty meetings table", seeded);
        }
        int indexed = reindex();
        started = true;
        LOG.info("Meeting search index built over {} calls", indexed);
        refresher.start();
    }

    @Override
    public void stop() {
        refresher.stop();
    }

    /** Re-dates the sample calls, rebuilds the search index from the database and returns how many calls it holds. */
    public synchronized int reindex() {
        redateSamples();
        lastLook = clock.millis();
        seenChanges.clear();
        // Changes written before this load are in it: the first refresh must not apply them again.
        store.changesSince(lastLook - CHANGE_WINDOW.toMillis())
                .forEach(change -> seenChanges.put(change.seq(), change.changedAt()));
        search.rebuild(store.newest(configuration.maxIndexedCalls()));
        return search.size();
    }

    /**
     * Applies the calls stored, replaced or deleted since the last look (by any process) to the index; returns how
     * many calls changed. Cheap when nothing did: one indexed query. Does nothing before {@link #start}.
     */
    public synchronized int refresh() {
        if (!started) {
            return 0; // a command that only writes (import, delete) has no index to keep current
        }
        redateSamples();
        long now = clock.millis();
        long since = Math.min(lastLook, now) - CHANGE_WINDOW.toMillis();
        Set<String> changed = new HashSet<>();
        for (MeetingStore.Change change : store.changesSince(since)) {
            if (seenChanges.putIfAbsent(change.seq(), change.changedAt()) == null) {
                changed.add(change.meetingId());
            }
        }
        seenChanges.values().removeIf(changedAt -> changedAt < since);
        lastLook = now;
        if (changed.isEmpty()) {
            return 0;
        }
        Map<String, Meeting> stored = store.byIds(changed);
        Set<String> removed = new HashSet<>(changed);
        removed.removeAll(stored.keySet());
        search.apply(stored.values(), removed);
        metrics.counter("pitcrew.meetings.index.updated").inc(changed.size());
        LOG.info("Meeting index updated: {} calls stored or replaced, {} removed", stored.size(), removed.size());
        return changed.size();
    }

    private void refreshQuietly() {
        try {
            refresh();
            alsoOnRefresh.run();
            store.pruneChanges(clock.millis() - CHANGE_RETENTION.toMillis());
        } catch (RuntimeException e) {
            // A database hiccup must not kill the schedule: the next run catches up from the change rows.
            metrics.counter("pitcrew.meetings.index.refresh_failed").inc();
            LOG.warn("Meeting index refresh failed; retrying in {}", configuration.refreshInterval(), e);
        }
    }

    /** Once a day (and at start): the sample calls move with the calendar, so "recent" always finds some. */
    private void redateSamples() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(datedOn)) {
            int moved = SampleMeetings.redate(store, clock);
            if (moved > 0) {
                LOG.info("Re-dated {} sample calls relative to {}", moved, today);
            }
            datedOn = today;
        }
    }

    /** Deletes a call from storage and from this instance's index (the others follow within seconds). */
    public boolean delete(String id) {
        boolean deleted = store.delete(id);
        if (deleted) {
            metrics.counter("pitcrew.meetings.deleted").inc();
            refresh();
        }
        return deleted;
    }
}
