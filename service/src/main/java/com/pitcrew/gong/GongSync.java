package com.pitcrew.gong;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.pitcrew.meetings.ImportException;
import com.pitcrew.meetings.MeetingImporter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incremental sync: the calls Gong has from the stored mark (less {@code overlap}, so a call edited in Gong
 * after it was synced comes again and replaces itself), page by page; each page's parties, CRM context and
 * transcripts fetched together, and each call imported through {@link MeetingImporter} under {@code gong:<id>}.
 * A call whose transcript is not there yet is counted and skipped; while it is younger than
 * {@code transcriptWait} it holds the mark back, so the next sync asks for it again. The mark is stored only when
 * the whole listing was read. Thread-safe: runs are serialised (a second caller waits its turn).
 */
final class GongSync {

    private static final Logger LOG = LoggerFactory.getLogger(GongSync.class);

    /** What a run did. */
    record Summary(Instant from, int pages, int listed, int imported, int replaced, int missingTranscripts,
                   int failed, Optional<Instant> syncedThrough) {

        String describe() {
            return listed + " calls listed since " + from + " in " + pages + (pages == 1 ? " page" : " pages") + ": "
                    + imported + " imported (" + replaced + " replaced), " + missingTranscripts
                    + " without a transcript yet (asked for again next sync), " + failed + " failed; synced through "
                    + syncedThrough.map(Instant::toString).orElse("nothing yet");
        }
    }

    private final GongClient client;
    private final GongSyncState state;
    private final MeetingImporter importer;
    private final GongConfiguration configuration;
    private final Clock clock;
    private final Counter imported;
    private final Counter failed;
    private final Counter missing;
    private final ReentrantLock running = new ReentrantLock();

    GongSync(GongClient client, GongSyncState state, MeetingImporter importer, GongConfiguration configuration,
             Clock clock, MetricRegistry metrics) {
        this.client = client;
        this.state = state;
        this.importer = importer;
        this.configuration = configuration;
        this.clock = clock;
        this.imported = metrics.counter("pitcrew.gong.calls.imported");
        this.failed = metrics.counter("pitcrew.gong.calls.failed");
        this.missing = metrics.counter("pitcrew.gong.transcripts.missing");
    }

    /** Runs one sync, telling {@code progress} a line per call and per page. Throws {@link GongException}. */
    Summary run(Consumer<String> progress) {
        running.lock();
        try {
            return runAlone(progress);
        } finally {
            running.unlock();
        }
    }

    private Summary runAlone(Consumer<String> progress) {
        Instant now = clock.instant();
        Optional<Instant> mark = state.syncedThrough();
        Instant from = mark.map(through -> through.minus(configuration.overlap()))
                .orElse(now.minus(configuration.initialLookback()));
        Instant waitFrom = now.minus(configuration.transcriptWait());
        Optional<Instant> newest = mark;
        Optional<Instant> heldBack = Optional.empty();
        int pages = 0;
        int listed = 0;
        int stored = 0;
        int replaced = 0;
        int withoutTranscript = 0;
        int failures = 0;
        Optional<String> cursor = Optional.empty();
        do {
            GongClient.Page page = client.listCalls(from, cursor);
            pages++;
            List<String> ids = page.calls().stream().map(GongCalls::id).filter(id -> !id.isEmpty()).toList();
            Map<String, JsonNode> extensive = ids.isEmpty() ? Map.of() : client.extensive(ids);
            Map<String, JsonNode> transcripts = ids.isEmpty() ? Map.of() : client.transcripts(ids);
            for (JsonNode call : page.calls()) {
                String id = GongCalls.id(call);
                Optional<Instant> started = GongCalls.started(call);
                listed++;
                if (id.isEmpty() || started.isEmpty()) {
                    failures++;
                    failed.inc();
                    progress.accept("FAILED a call without an id or a start time (" + excerpt(call) + ")");
                    continue;
                }
                Optional<JsonNode> transcript = Optional.ofNullable(transcripts.get(id));
                if (!GongCalls.hasTranscript(transcript)) {
                    withoutTranscript++;
                    missing.inc();
                    boolean waiting = started.get().isAfter(waitFrom);
                    if (waiting && heldBack.map(held -> started.get().isBefore(held)).orElse(true)) {
                        heldBack = started;
                    }
                    progress.accept(GongCalls.ID_PREFIX + id + ": no transcript yet"
                            + (waiting ? ", asked for again next sync" : ", older than gong.transcriptWait: skipped"));
                    continue;
                }
                try {
                    MeetingImporter.Imported done = importer.importExternal(GongCalls.toCall(call,
                            Optional.ofNullable(extensive.get(id)), transcript.get(), started.get()), "gong");
                    stored++;
                    imported.inc();
                    replaced += done.replaced() ? 1 : 0;
                    progress.accept(done.id() + " -> " + done.account() + ", " + done.turns() + " turns, "
                            + (done.replaced() ? "replaced" : "new"));
                } catch (ImportException e) {
                    failures++;
                    failed.inc();
                    LOG.warn("Gong call {} not imported: {}", id, e.getMessage());
                    progress.accept("FAILED " + e.describe(GongCalls.ID_PREFIX + id));
                }
                if (newest.map(known -> started.get().isAfter(known)).orElse(true)) {
                    newest = started;
                }
            }
            progress.accept("page " + pages + ": " + page.calls().size() + " calls");
            cursor = page.cursor();
        } while (cursor.isPresent());

        Optional<Instant> through = newest;
        if (heldBack.isPresent() && through.isPresent() && heldBack.get().isBefore(through.get())) {
            // Not past a call still waiting for its transcript (but never behind the stored mark).
            Instant held = heldBack.get();
            through = Optional.of(mark.filter(known -> known.isAfter(held)).orElse(held));
        }
        through.ifPresent(value -> state.advance(value, clock.instant()));
        Summary summary = new Summary(from, pages, listed, stored, replaced, withoutTranscript, failures,
                through.or(() -> mark));
        LOG.info("Gong sync finished: {}", summary.describe());
        return summary;
    }

    private static String excerpt(JsonNode call) {
        String text = call.toString();
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
