package com.pitcrew.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
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
    private static final Map<String, Float> BOOSTS = Map.of(TITLE, 3.0f, BODY, 1.0f);

    private final String contentHash;
    private final List<SnapshotFormat.Entry> entries;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final IndexSearcher searcher;

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
                document.add(new TextField(BODY, entry.table().airtableName() + " " + entry.detail(), Field.Store.NO));
                writer.addDocument(document);
            }
            writer.commit();
            this.searcher = new IndexSearcher(DirectoryReader.open(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory index failed", e);
        }
    }

    String contentHash() {
        return contentHash;
    }

    /** The entries most relevant to the question, best first; empty when no word of it matches. */
    List<SnapshotFormat.Entry> search(String question, int limit) {
        Query query;
        try {
            query = new MultiFieldQueryParser(new String[] {TITLE, BODY}, analyzer, BOOSTS)
                    .parse(QueryParser.escape(question));
        } catch (ParseException e) {
            // Only stop words or punctuation: nothing to look for.
            return List.of();
        }
        try {
            List<SnapshotFormat.Entry> hits = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(query, limit).scoreDocs) {
                int ordinal = searcher.storedFields().document(hit.doc).getField(ORDINAL).numericValue().intValue();
                hits.add(entries.get(ordinal));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory search failed", e);
        }
    }
}
