package com.pitcrew.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import com.pitcrew.search.Analysis;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * An in-memory Lucene index over the entries of one snapshot, for answering without an LLM. Built from the
 * snapshot text itself (not the tables), so retrieval costs no query either. Immutable after construction, so
 * thread-safe; {@link ProductRetriever} swaps in a new one when the snapshot changes.
 */
final class ProductIndex {

    private static final String TITLE = "title";
    private static final String BODY = "body";
    private static final String ORDINAL = "ordinal";
    /** A match in an entry's name (SSO/SAML) says more than the same word in a description. */
    private static final float TITLE_BOOST = 3.0f;
    private static final float PLAN_TITLE_BOOST = 1.0f;
    /** English stop words plus the words of asking, which name nothing in the product ("how", "does", "we"). */
    private static final CharArraySet STOP_WORDS = stopWords();

    private final String contentHash;
    private final List<SnapshotFormat.Entry> entries;
    private final Analyzer analyzer = new EnglishAnalyzer(STOP_WORDS);
    private final IndexSearcher searcher;
    private final Set<String> planTerms;

    ProductIndex(String content, String contentHash) {
        this.contentHash = contentHash;
        this.entries = SnapshotFormat.entries(content);
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            for (int i = 0; i < entries.size(); i++) {
                SnapshotFormat.Entry entry = entries.get(i);
                Document document = new Document();
                document.add(new StoredField(ORDINAL, i));
                document.add(new TextField(TITLE, entry.title(), Field.Store.NO));
                document.add(new TextField(BODY, entry.table().airtableName() + " " + entry.title() + " "
                        + entry.detail(), Field.Store.NO));
                writer.addDocument(document);
            }
            writer.commit();
            this.searcher = new IndexSearcher(DirectoryReader.open(directory));
            this.planTerms = new HashSet<>();
            entries.stream().filter(entry -> entry.table() == ProductTable.PLANS)
                    .forEach(entry -> planTerms.addAll(terms(entry.title())));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory index failed", e);
        }
    }

    String contentHash() {
        return contentHash;
    }

    /** The entries most relevant to the question, best first; empty when no word of it matches. */
    List<SnapshotFormat.Entry> search(String question, int limit) {
        Set<String> terms = terms(question);
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String term : terms) {
            query.add(new TermQuery(new Term(BODY, term)), BooleanClause.Occur.SHOULD);
            // Plan names usually qualify a question ("does Growth include SSO?") rather than name its subject: a
            // plan's own entry still gains from them, but less than the entry the other words name.
            float boost = planTerms.contains(term) ? PLAN_TITLE_BOOST : TITLE_BOOST;
            query.add(new BoostQuery(new TermQuery(new Term(TITLE, term)), boost), BooleanClause.Occur.SHOULD);
        }
        if (terms.isEmpty()) {
            return List.of();
        }
        try {
            List<SnapshotFormat.Entry> hits = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(query.build(), limit).scoreDocs) {
                int ordinal = searcher.storedFields().document(hit.doc).getField(ORDINAL).numericValue().intValue();
                hits.add(entries.get(ordinal));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory search failed", e);
        }
    }

    private static CharArraySet stopWords() {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        words.addAll(List.of("how", "what", "which", "who", "when", "where", "why", "do", "does", "did", "can",
                "could", "would", "should", "i", "we", "you", "our", "us", "have", "has", "much", "many", "tell", "me",
                "about", "any", "there"));
        return CharArraySet.unmodifiableSet(words);
    }

    /** The analysed terms of a text (lower-cased, stemmed, stop words dropped), in order, once each. */
    private Set<String> terms(String text) {
        return new LinkedHashSet<>(Analysis.terms(analyzer, BODY, text));
    }
}
