package com.pitcrew.intent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The lower-case words of SCOWL's American English list (Debian's {@code wamerican}, see
 * {@code english-words.NOTICE}). The classifier asks it two questions: is a capitalised word at the start of a
 * sentence an ordinary word or possibly a name, and is a word a real word or a typo worth correcting. Loaded once;
 * immutable and thread-safe.
 */
final class EnglishWords {

    static final String RESOURCE = "/english-words.txt.gz";

    private static final class Holder {
        private static final Set<String> WORDS = load();
    }

    private EnglishWords() {
    }

    static boolean contains(String lowerCaseWord) {
        return Holder.WORDS.contains(lowerCaseWord);
    }

    private static Set<String> load() {
        try (InputStream raw = EnglishWords.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            Set<String> words = new HashSet<>(100_000);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isEmpty()) {
                        words.add(line);
                    }
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
