package com.pitcrew.meetings;

import com.pitcrew.pipeline.MeetingScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import com.pitcrew.search.Analysis;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Full-text search over the calls: an in-memory Lucene index (English analyser: stemming, stop words) with one
 * document per speaker turn and one per call (title and kind), filtered by a {@link MeetingScope}. It holds the
 * {@code maxCalls} newest calls at most (their transcripts stay on the heap for the handlers); older ones are
 * dropped from search, never from storage.
 *
 * <p>Thread-safety: {@link #rebuild} and {@link #apply} are serialised; each publishes an immutable snapshot (a
 * reader, its searcher and the calls it was built from) with one atomic swap. A search reads the current snapshot
 * once and uses only it, holding a reference on its reader so an update never closes it mid-search; the last
 * reference to a replaced reader closes it, which frees index segments that merges have replaced.
 */
final class MeetingSearch {

    /** Words that say what to do with calls, not what the calls are about; stripped from the topic. */
    private static final Set<String> REQUEST_WORDS = Set.of(
            "search", "find", "list", "show", "give", "get", "pull", "look", "looking", "me", "all", "any", "every",
            "call", "calls", "meeting", "meetings", "conversation", "conversations", "transcript", "transcripts",
            "recent", "recently", "latest", "last", "past", "previous", "this", "that", "week", "weeks", "month",
            "months", "day", "days", "quarter", "today", "yesterday", "ago",
            "about", "regarding", "around", "on", "with", "from", "for", "of", "in", "to", "at", "by", "and", "or",
            "the", "a", "an", "where", "which", "what", "who", "whom", "when", "how", "why", "whether",
            "did", "does", "do", "was", "were", "is", "are", "has", "have", "had", "be", "been", "can", "could",
            "would", "should", "will", "there", "anything", "something", "everything", "please", "pitcrew",
            "say", "said", "says", "mention", "mentioned", "talk", "talked", "discuss", "discussed", "tell", "told",
            "ask", "asked", "raise", "raised", "bring", "brought", "up", "came", "come", "comes", "coming",
            "happen", "happened", "anyone", "someone", "we", "they", "our", "us", "i", "you",
            "my", "their", "them", "he", "she", "his", "her", "it", "its",
            "summarize", "summarise", "summary", "recap", "tldr", "tl", "dr", "rundown", "highlights", "overview",
            "brief", "notes",
            "action", "actions", "item", "items", "next", "step", "steps", "follow", "followup", "followups",
            "todo", "todos", "promise", "promised", "owe", "commitment", "commitments", "committed", "open",
            "draft", "write", "compose", "email", "mail", "send", "message", "reply", "customer", "customers",
            "account", "accounts");

    /** Words reps use for a topic that the customers' own words often do not contain; searched at lower weight. */
    private static final Map<String, List<String>> RELATED = Map.ofEntries(
            Map.entry("pricing", List.of("price", "discount", "quote", "seat")),
            Map.entry("discount", List.of("price", "pricing")),
            Map.entry("security", List.of("soc", "encryption", "pen")),
            Map.entry("compliance", List.of("soc", "hipaa", "gdpr", "iso")),
            Map.entry("competitor", List.of("looker", "tableau")),
            Map.entry("competition", List.of("looker", "tableau")),
            Map.entry("residency", List.of("eu", "region", "frankfurt")),
            Map.entry("integration", List.of("salesforce", "snowflake", "bigquery", "zendesk")),
            Map.entry("budget", List.of("procurement", "finance", "cfo")),
            Map.entry("procurement", List.of("budget", "purchase")),
            Map.entry("onboarding", List.of("training", "timeline")),
            Map.entry("sso", List.of("saml", "okta")),
            Map.entry("renewal", List.of("renew")));

    private static final Pattern SLACK_MARKUP = Pattern.compile("<[^>]*>");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final float TITLE_BOOST = 1.5f;
    private static final float RELATED_BOOST = 0.4f;
    private static final int SNIPPET_CHARS = 160;
    /** Turn documents a search ranks at most: past this, more hits only cost time (the replies show 15). */
    private static final int MAX_HITS = 5_000;
    private static final String MEETING = "meeting";
    /** A request for at most this many turns is a request for quotes. */
    private static final int QUOTES = 50;
    /** The calls whose turns compete for the quotes. */
    private static final int QUOTED_CALLS = 25;
    private static final String POSITION = "pos";
    private static final String TEXT = "text";
    private static final String TITLE = "title";
    private static final String CALL_TEXT = "calltext";

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Map<String, List<String>> relatedByTerm;
    private final AtomicReference<Snapshot> current;

    /** A search hit at call level: the call, its score, and the turn that matched best (absent for title-only). */
    record MeetingHit(Meeting meeting, double score, Optional<Meeting.Turn> bestTurn) {
    }

    /** A search hit at turn level. */
    record TurnHit(Meeting meeting, Meeting.Turn turn, double score) {
    }

    /**
     * {@code callsByOrd[leaf][ord]} is the call whose id has that doc-values ordinal in that segment (null for the id
     * of a call no longer indexed), so a search finds a hit's call by array lookups.
     */
    @SuppressWarnings("ArrayRecordComponent") // built once per snapshot and never handed out
    private record Snapshot(Optional<DirectoryReader> reader, Optional<IndexSearcher> searcher,
                            Map<String, Meeting> byId, List<Meeting> newestFirst,
                            Map<String, Set<String>> peopleByAccount, long transcriptChars, Meeting[][] callsByOrd) {

        static final Snapshot EMPTY = new Snapshot(Optional.empty(), Optional.empty(), Map.of(), List.of(), Map.of(), 0,
                new Meeting[0][]);
    }

    private final int maxCalls;
    private final Object writing = new Object();
    private ByteBuffersDirectory directory; // guarded by writing
    private IndexWriter writer; // guarded by writing

    MeetingSearch() {
        this(Integer.MAX_VALUE);
    }

    MeetingSearch(int maxCalls) {
        Map<String, List<String>> related = new HashMap<>();
        RELATED.forEach((word, neighbours) -> analyse(word).forEach(term -> related.put(term,
                neighbours.stream().flatMap(neighbour -> analyse(neighbour).stream()).toList())));
        this.relatedByTerm = Map.copyOf(related);
        this.maxCalls = maxCalls;
        this.current = new AtomicReference<>(Snapshot.EMPTY);
    }

    /** Replaces the index with one built from {@code meetings} (the newest {@code maxCalls} of them). */
    void rebuild(List<Meeting> meetings) {
        synchronized (writing) {
            try {
                if (writer != null) {
                    writer.close();
                }
                directory = new ByteBuffersDirectory();
                writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
                Map<String, Meeting> byId = new HashMap<>();
                meetings.forEach(meeting -> byId.put(meeting.id(), meeting));
                publish(byId, byId.keySet());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the meeting index", e);
            }
        }
    }

    /**
     * Updates the index in place: {@code stored} calls are added or replace the call with their id, {@code removed}
     * ids leave it. Costs the changed calls, not the whole index.
     */
    void apply(Collection<Meeting> stored, Collection<String> removed) {
        synchronized (writing) {
            if (writer == null) {
                rebuild(List.copyOf(stored));
                return;
            }
            Map<String, Meeting> byId = new HashMap<>(current.get().byId());
            Set<String> touched = new HashSet<>(removed);
            removed.forEach(byId::remove);
            for (Meeting meeting : stored) {
                byId.put(meeting.id(), meeting);
                touched.add(meeting.id());
            }
            publish(byId, touched);
        }
    }

    /** Writes the documents of the {@code touched} ids as {@code byId} has them, bounds the index, swaps. */
    private void publish(Map<String, Meeting> byId, Set<String> touched) {
        List<Meeting> newestFirst = byId.values().stream()
                .sorted(Comparator.comparing(Meeting::startedAt).reversed().thenComparing(Meeting::id))
                .toList();
        Set<String> evicted = new HashSet<>();
        if (newestFirst.size() > maxCalls) {
            newestFirst.subList(maxCalls, newestFirst.size()).forEach(meeting -> evicted.add(meeting.id()));
            newestFirst = newestFirst.subList(0, maxCalls);
            evicted.forEach(byId::remove);
        }
        try {
            for (String id : touched) {
                writer.deleteDocuments(new Term(MEETING, id));
                Meeting meeting = byId.get(id);
                if (meeting != null) {
                    writer.addDocuments(documents(meeting));
                }
            }
            for (String id : evicted) {
                writer.deleteDocuments(new Term(MEETING, id));
            }
            writer.commit();
            Map<String, Set<String>> people = new HashMap<>();
            long chars = 0;
            for (Meeting meeting : newestFirst) {
                Set<String> names = people.computeIfAbsent(meeting.account(), a -> new HashSet<>());
                meeting.attendees().forEach(attendee -> names.add(attendee.name()));
                for (Meeting.Turn turn : meeting.turns()) {
                    chars += turn.text().length();
                }
            }
            Map<String, Set<String>> frozen = new HashMap<>();
            people.forEach((account, names) -> frozen.put(account, Set.copyOf(names)));
            DirectoryReader reader = DirectoryReader.open(writer);
            Map<String, Meeting> indexed = Map.copyOf(byId);
            Snapshot next = new Snapshot(Optional.of(reader), Optional.of(new IndexSearcher(reader)), indexed,
                    List.copyOf(newestFirst), Map.copyOf(frozen), chars, callsByOrd(reader, indexed));
            Snapshot previous = current.getAndSet(next);
            if (previous.reader().isPresent()) {
                previous.reader().get().decRef(); // the snapshot's own reference; searches still reading hold theirs
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the meeting index", e);
        }
    }

    private static List<Document> documents(Meeting meeting) {
        List<Document> documents = new ArrayList<>();
        Document call = new Document();
        addId(call, meeting.id());
        call.add(new TextField(TITLE, meeting.title() + " " + meeting.kind().replace('_', ' '), Field.Store.NO));
        // The whole transcript once more, so calls are ranked over one document each instead of all their turns.
        List<Meeting.Turn> turns = meeting.turns();
        turns.forEach(turn -> call.add(new TextField(CALL_TEXT, turn.text(), Field.Store.NO)));
        documents.add(call);
        for (int position = 0; position < turns.size(); position++) {
            Document document = new Document();
            addId(document, meeting.id());
            // The turn's place in the list, not its seq: imported transcripts number their turns as they like.
            document.add(new NumericDocValuesField(POSITION, position));
            document.add(new TextField(TEXT, turns.get(position).text(), Field.Store.NO));
            documents.add(document);
        }
        return documents;
    }

    private static Meeting[][] callsByOrd(DirectoryReader reader, Map<String, Meeting> byId) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        Meeting[][] calls = new Meeting[leaves.size()][];
        for (LeafReaderContext leaf : leaves) {
            SortedDocValues ids = DocValues.getSorted(leaf.reader(), MEETING);
            Meeting[] byOrd = new Meeting[ids.getValueCount()];
            for (int ord = 0; ord < byOrd.length; ord++) {
                byOrd[ord] = byId.get(ids.lookupOrd(ord).utf8ToString());
            }
            calls[leaf.ord] = byOrd;
        }
        return calls;
    }

    /** Indexed for deletes and the scope filter; a doc value, so a search reads it without stored fields. */
    private static void addId(Document document, String id) {
        document.add(new StringField(MEETING, id, Field.Store.NO));
        document.add(new SortedDocValuesField(MEETING, new BytesRef(id)));
    }

    int size() {
        return current.get().newestFirst().size();
    }

    /** Heap bytes the Lucene index holds (postings and stored ids), for the memory gauge. */
    long indexBytes() {
        synchronized (writing) {
            if (directory == null) {
                return 0;
            }
            long bytes = 0;
            try {
                for (String file : directory.listAll()) {
                    bytes += directory.fileLength(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes;
        }
    }

    /** Characters of transcript text the indexed calls keep on the heap (1 byte each for Latin-1 text, else 2). */
    long transcriptChars() {
        return current.get().transcriptChars();
    }

    /** Runs {@code search} on the current snapshot, holding its reader open until it returns. */
    private <T> T read(java.util.function.Function<Snapshot, T> search) {
        while (true) {
            Snapshot snapshot = current.get();
            if (snapshot.reader().isEmpty()) {
                return search.apply(snapshot);
            }
            DirectoryReader reader = snapshot.reader().get();
            if (reader.tryIncRef()) {
                T result;
                try {
                    result = search.apply(snapshot);
                } catch (RuntimeException e) {
                    release(reader);
                    throw e;
                }
                release(reader);
                return result;
            }
            // That snapshot was replaced and closed between get and incRef: take the new one.
        }
    }

    private static void release(DirectoryReader reader) {
        try {
            reader.decRef();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The topic of {@code message}: its words minus request words, Slack markup, the names of the accounts and
     * people in {@code scope} and the time phrase (the scope filters on those instead).
     */
    Topic topic(String message, MeetingScope scope) {
        Set<String> names = new HashSet<>();
        scope.accounts().forEach(name -> names.addAll(words(name)));
        scope.people().forEach(name -> names.addAll(words(name)));
        scope.timeRange().ifPresent(range -> names.addAll(words(range.phrase())));
        List<String> kept = new ArrayList<>();
        for (String word : words(SLACK_MARKUP.matcher(message).replaceAll(" "))) {
            boolean possessive = word.equals("s");
            if (!possessive && !REQUEST_WORDS.contains(word) && !names.contains(word)
                    && !kept.contains(word)) {
                kept.add(word);
            }
        }
        Set<String> terms = new LinkedHashSet<>();
        kept.forEach(word -> terms.addAll(analyse(word)));
        Set<String> related = new LinkedHashSet<>();
        terms.forEach(term -> related.addAll(relatedByTerm.getOrDefault(term, List.of())));
        related.removeAll(terms);
        return new Topic(kept, List.copyOf(terms), List.copyOf(related));
    }

    /** Calls in scope, newest first. */
    List<Meeting> inScope(MeetingScope scope) {
        Snapshot snapshot = current.get();
        return snapshot.newestFirst().stream().filter(meeting -> inScope(snapshot, scope, meeting)).toList();
    }

    /**
     * Calls in scope matching the topic, best first (newer first among equals), the first {@code quoted} of them
     * with the turn that matches best. A call is ranked on one document: its title and its whole transcript (BM25
     * weighs how much of the call is about the topic, so a long call that brushes it often does not outrank the call
     * about it); finding the best turns of every match would cost a pass over every matching turn of the index.
     */
    List<MeetingHit> meetings(MeetingScope scope, Topic topic, int quoted) {
        return read(snapshot -> meetings(snapshot, scope, topic, quoted));
    }

    private List<MeetingHit> meetings(Snapshot snapshot, MeetingScope scope, Topic topic, int quoted) {
        Optional<Query> query = query(snapshot, scope, topic, Level.CALLS);
        if (query.isEmpty()) {
            return List.of();
        }
        List<CallScore> ranked = ranked(snapshot, query.get());
        Map<String, CallScore> bestTurns = Map.of();
        if (quoted > 0) {
            List<BytesRef> shown = ranked.stream().limit(quoted).map(call -> new BytesRef(call.meeting().id()))
                    .toList();
            // Those calls are in scope already: the turn query needs no scope of its own.
            bestTurns = collapse(snapshot, query(snapshot, MeetingScope.empty(), topic, Level.TURNS).orElseThrow(),
                    shown);
        }
        List<MeetingHit> hits = new ArrayList<>(ranked.size());
        for (CallScore call : ranked) {
            Meeting meeting = call.meeting();
            Optional<Integer> bestTurn = Optional.ofNullable(bestTurns.get(meeting.id())).flatMap(CallScore::bestTurn);
            hits.add(new MeetingHit(meeting, call.callScore(), bestTurn.map(position -> meeting.turns().get(position))));
        }
        return hits;
    }

    /** The ids of the {@value #QUOTED_CALLS} best calls {@code query} (over call documents) matches. */
    private static List<BytesRef> topCalls(Snapshot snapshot, Query query) {
        IndexSearcher searcher = snapshot.searcher().orElseThrow();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        try {
            // Lucene's top-k collection skips what cannot make the list: no pass over every matching call.
            List<BytesRef> ids = new ArrayList<>(QUOTED_CALLS);
            for (ScoreDoc hit : searcher.search(query, QUOTED_CALLS).scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
                SortedDocValues callIds = DocValues.getSorted(leaf.reader(), MEETING);
                if (callIds.advanceExact(hit.doc - leaf.docBase)) {
                    ids.add(BytesRef.deepCopyOf(callIds.lookupOrd(callIds.ordValue())));
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("meeting search failed", e);
        }
    }

    /** The calls {@code query} matches, best first. */
    private static List<CallScore> ranked(Snapshot snapshot, Query query) {
        List<CallScore> ranked = new ArrayList<>(collapse(snapshot, query).values());
        ranked.sort(CallScore::bestFirst);
        return ranked;
    }

    private static Map<String, CallScore> collapse(Snapshot snapshot, Query query) {
        try {
            return snapshot.searcher().orElseThrow().search(query, new BestPerCall.Manager(snapshot.callsByOrd()));
        } catch (IOException e) {
            throw new UncheckedIOException("meeting search failed", e);
        }
    }

    /** {@code query} restricted to the calls {@code ids}, collapsed per call. */
    private static Map<String, CallScore> collapse(Snapshot snapshot, Query query, List<BytesRef> ids) {
        return ids.isEmpty() ? Map.of() : collapse(snapshot, restrictedTo(query, ids));
    }

    /** {@code query}, matching only documents of the calls {@code ids} (nothing when there are none). */
    private static Query restrictedTo(Query query, List<BytesRef> ids) {
        return new BooleanQuery.Builder()
                .add(query, BooleanClause.Occur.MUST)
                .add(new TermInSetQuery(MEETING, ids), BooleanClause.Occur.FILTER)
                .build();
    }

    /** A call's best turn (score and place) and its call document's score; a part that did not match scores 0. */
    private record CallScore(Meeting meeting, double turnScore, Optional<Integer> bestTurn, double callScore) {

        /** Higher call score first, then the newer call. */
        static int bestFirst(CallScore one, CallScore other) {
            int byScore = Double.compare(other.callScore, one.callScore);
            return byScore != 0 ? byScore : other.meeting.startedAt().compareTo(one.meeting.startedAt());
        }

        CallScore merge(CallScore other) {
            boolean otherTurn = other.bestTurn.isPresent() && (bestTurn.isEmpty() || other.turnScore > turnScore);
            return new CallScore(meeting, otherTurn ? other.turnScore : turnScore,
                    otherTurn ? other.bestTurn : bestTurn, Math.max(callScore, other.callScore));
        }
    }

    /**
     * Collapses the matching documents to one entry per call while Lucene scores them, reading the call id and the
     * turn's place from doc values: no stored field is read, and no hit list is built or sorted. A call keeps its
     * best turn (the first of equal ones, as Lucene ranks them) and its call document's score. One search, one thread.
     */
    private static final class BestPerCall implements Collector {

        private static final float NONE = -1;

        /** One per search: each gets its own collectors. */
        @SuppressWarnings("ArrayRecordComponent") // the snapshot's, read only
        private record Manager(Meeting[][] callsByOrd)
                implements CollectorManager<BestPerCall, Map<String, CallScore>> {

            @Override
            public BestPerCall newCollector() {
                return new BestPerCall(callsByOrd);
            }

            @Override
            public Map<String, CallScore> reduce(Collection<BestPerCall> collectors) {
                if (collectors.size() == 1) {
                    return collectors.iterator().next().calls; // one slice: nothing to merge
                }
                Map<String, CallScore> merged = new HashMap<>();
                collectors.forEach(collector -> collector.calls.forEach(
                        (id, call) -> merged.merge(id, call, CallScore::merge)));
                return merged;
            }
        }

        private final Meeting[][] callsByOrd;
        private final Map<String, CallScore> calls = new HashMap<>();

        private BestPerCall(Meeting[][] callsByOrd) {
            this.callsByOrd = callsByOrd;
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SortedDocValues ids = DocValues.getSorted(context.reader(), MEETING);
            NumericDocValues positions = DocValues.getNumeric(context.reader(), POSITION);
            Meeting[] meetings = callsByOrd[context.ord];
            float[] turnScores = new float[meetings.length];
            int[] bestTurns = new int[meetings.length];
            float[] callScores = new float[meetings.length];
            Arrays.fill(turnScores, NONE);
            Arrays.fill(callScores, NONE);
            return new LeafCollector() {
                private Scorable scorer;

                @Override
                public void setScorer(Scorable scorable) {
                    this.scorer = scorable;
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (!ids.advanceExact(doc)) {
                        return;
                    }
                    int call = ids.ordValue();
                    float score = scorer.score();
                    if (positions.advanceExact(doc)) {
                        if (score > turnScores[call]) {
                            turnScores[call] = score;
                            bestTurns[call] = (int) positions.longValue();
                        }
                    } else {
                        callScores[call] = Math.max(callScores[call], score);
                    }
                }

                @Override
                public void finish() {
                    for (int call = 0; call < meetings.length; call++) {
                        boolean turn = turnScores[call] != NONE;
                        boolean whole = callScores[call] != NONE;
                        if ((turn || whole) && meetings[call] != null) {
                            Meeting meeting = meetings[call];
                            CallScore found = new CallScore(meeting, turn ? turnScores[call] : 0,
                                    turn ? Optional.of(bestTurns[call]) : Optional.empty(),
                                    whole ? callScores[call] : 0);
                            calls.merge(meeting.id(), found, CallScore::merge);
                        }
                    }
                }
            };
        }
    }

    /**
     * Turns in scope matching the topic, best first, at most {@code limit}. Empty when the topic is. A short list
     * (quotes, at most {@value #QUOTES}) comes from the {@value #QUOTED_CALLS} calls most about the topic: scoring
     * every matching turn of the index to find a handful costs as much as the index is large, and quotes from the
     * calls about the topic read better than stray lines that happen to contain its word.
     */
    List<TurnHit> turns(MeetingScope scope, Topic topic, int limit) {
        return read(snapshot -> turns(snapshot, scope, topic, limit));
    }

    private List<TurnHit> turns(Snapshot snapshot, MeetingScope scope, Topic topic, int limit) {
        // Quotes: the scope filters the calls; their turns need no scope of their own.
        Optional<Query> query = limit <= QUOTES
                ? query(snapshot, scope, topic, Level.CALLS).map(calls -> restrictedTo(
                        query(snapshot, MeetingScope.empty(), topic, Level.TURNS).orElseThrow(),
                        topCalls(snapshot, calls)))
                : query(snapshot, scope, topic, Level.TURNS);
        if (query.isEmpty()) {
            return List.of();
        }
        IndexSearcher searcher = snapshot.searcher().orElseThrow();
        try {
            ScoreDoc[] hits = searcher.search(query.get(), Math.max(1, Math.min(limit, MAX_HITS))).scoreDocs;
            List<TurnHit> turns = new ArrayList<>(hits.length);
            for (ScoreDoc hit : hits) {
                LeafReaderContext leaf = searcher.getIndexReader().leaves()
                        .get(ReaderUtil.subIndex(hit.doc, searcher.getIndexReader().leaves()));
                int doc = hit.doc - leaf.docBase;
                // Fresh iterators per hit: hits come by score, and doc-value iterators only move forward.
                SortedDocValues ids = DocValues.getSorted(leaf.reader(), MEETING);
                NumericDocValues positions = DocValues.getNumeric(leaf.reader(), POSITION);
                if (ids.advanceExact(doc) && positions.advanceExact(doc)) {
                    Meeting meeting = snapshot.byId().get(ids.lookupOrd(ids.ordValue()).utf8ToString());
                    turns.add(new TurnHit(meeting, meeting.turns().get((int) positions.longValue()), hit.score));
                }
            }
            return turns;
        } catch (IOException e) {
            throw new UncheckedIOException("meeting search failed", e);
        }
    }

    /** Up to {@value #SNIPPET_CHARS} characters of {@code text} around the first word matching the topic. */
    String snippet(String text, Topic topic) {
        int at = firstMatch(text, topic).orElse(0);
        if (text.length() <= SNIPPET_CHARS) {
            return text;
        }
        int start = Math.max(0, Math.min(at - SNIPPET_CHARS / 3, text.length() - SNIPPET_CHARS));
        int end = Math.min(text.length(), start + SNIPPET_CHARS);
        return (start > 0 ? "…" : "") + text.substring(start, end).strip() + (end < text.length() ? "…" : "");
    }

    private Optional<Integer> firstMatch(String text, Topic topic) {
        Set<String> wanted = new HashSet<>(topic.terms());
        wanted.addAll(topic.related());
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            Optional<Integer> found = Optional.empty();
            while (found.isEmpty() && stream.incrementToken()) {
                if (wanted.contains(term.toString())) {
                    found = Optional.of(offset.startOffset());
                }
            }
            stream.end();
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a query matches: call documents (title and whole transcript) or turn documents. */
    private enum Level {
        CALLS, TURNS
    }

    /** The topic's query within the scope, over call or turn documents; empty when nothing can match. */
    private static Optional<Query> query(Snapshot snapshot, MeetingScope scope, Topic topic, Level level) {
        if (topic.isEmpty() || snapshot.searcher().isEmpty()) {
            return Optional.empty();
        }
        String text = level == Level.CALLS ? CALL_TEXT : TEXT;
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String term : topic.terms()) {
            query.add(new TermQuery(new Term(text, term)), BooleanClause.Occur.SHOULD);
            if (level == Level.CALLS) {
                query.add(new BoostQuery(new TermQuery(new Term(TITLE, term)), TITLE_BOOST),
                        BooleanClause.Occur.SHOULD);
            }
        }
        for (String term : topic.related()) {
            query.add(new BoostQuery(new TermQuery(new Term(text, term)), RELATED_BOOST), BooleanClause.Occur.SHOULD);
        }
        query.setMinimumNumberShouldMatch(1);
        if (!scope.equals(MeetingScope.empty())) {
            List<BytesRef> ids = snapshot.newestFirst().stream()
                    .filter(meeting -> inScope(snapshot, scope, meeting))
                    .map(meeting -> new BytesRef(meeting.id()))
                    .toList();
            if (ids.isEmpty()) {
                return Optional.empty();
            }
            query.add(new TermInSetQuery(MEETING, ids), BooleanClause.Occur.FILTER);
        }
        return Optional.of(query.build());
    }

    private static boolean inScope(Snapshot snapshot, MeetingScope scope, Meeting meeting) {
        if (!scope.accounts().isEmpty() && !scope.accounts().contains(meeting.account())) {
            return false;
        }
        if (scope.timeRange().isPresent()) {
            MeetingScope.TimeRange range = scope.timeRange().get();
            if (meeting.startedAt().isBefore(range.from()) || !meeting.startedAt().isBefore(range.to())) {
                return false;
            }
        }
        // A person narrows only the calls of their own account: "Tyler and Globex" keeps every Globex call.
        Set<String> known = snapshot.peopleByAccount().getOrDefault(meeting.account(), Set.of());
        List<String> named = scope.people().stream().filter(known::contains).toList();
        return named.isEmpty() || named.stream().anyMatch(meeting::attendedBy);
    }

    private List<String> analyse(String text) {
        return Analysis.terms(analyzer, "text", text);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        var matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
