package com.pitcrew.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Lucene text analysis shared by the product and meeting indexes. */
public final class Analysis {

    private Analysis() {
    }

    /** The analysed terms of {@code text} for {@code field}, in order (repeats kept). */
    public static List<String> terms(Analyzer analyzer, String field, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            // Analysis reads from a String; an IOException here is a bug, not an outage.
            throw new UncheckedIOException("analysing in memory failed", e);
        }
        return terms;
    }
}
