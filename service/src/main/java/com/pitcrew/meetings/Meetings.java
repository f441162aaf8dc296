package com.pitcrew.meetings;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.directory.Account;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.pipeline.IntentHandler;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meetings feature in one place: the store, the search index and the five handlers. The server and the
 * {@code ask} command both get it from {@code PitCrewCore.assemble}, so they answer alike. Starting it seeds the
 * sample calls into an empty database and builds the index, before the first request is served.
 */
public final class Meetings implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(Meetings.class);

    private final MeetingStore store;
    private final MeetingSearch search;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final List<IntentHandler> handlers;

    private Meetings(MeetingStore store, MeetingSearch search, LlmClient llm, Supplier<List<Account>> accounts,
                     Clock clock, MetricRegistry metrics) {
        this.store = store;
        this.search = search;
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

    /**
     * {@code accounts} is the account directory (draft recipients); it is called per request and must be cheap,
     * returning the same list until the directory changes.
     */
    public static Meetings create(Jdbi jdbi, LlmClient llm, Supplier<List<Account>> accounts, Clock clock,
                                  MetricRegistry metrics) {
        Meetings meetings = new Meetings(new MeetingStore(jdbi), new MeetingSearch(), llm, accounts, clock, metrics);
        metrics.gauge("pitcrew.meetings.indexed", () -> meetings.search::size);
        return meetings;
    }

    /** Handlers for search_calls, meeting_question, meeting_summary, action_items and draft_email. */
    public List<IntentHandler> handlers() {
        return handlers;
    }

    @Override
    public void start() {
        int seeded = SampleMeetings.seedIfEmpty(store, clock);
        if (seeded > 0) {
            metrics.counter("pitcrew.meetings.seeded").inc(seeded);
            LOG.info("Seeded {} sample calls into an empty meetings table", seeded);
        }
        int indexed = reindex();
        LOG.info("Meeting search index built over {} calls", indexed);
    }

    /** Rebuilds the search index from the database and returns how many calls it holds. */
    public int reindex() {
        search.rebuild(store.all());
        return search.size();
    }
}
