package com.pitcrew.report;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The log files of a directory (the live {@code slack.log}, daily archives, gzipped ones), read line by line in
 * bounded memory: a line longer than {@link #MAX_LINE} characters is reported as overlong and never held whole.
 */
final class LogFiles {

    static final int MAX_LINE = 1 << 20;

    /** Receives each line, or notice of one that was too long (counted as malformed). */
    interface LineSink extends Consumer<String> {
        void overlong();
    }

    private LogFiles() {
    }

    /** Files whose name holds {@code .log} (so {@code slack.log}, {@code slack-2026-12-01.log.gz}), by name. */
    static List<Path> in(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a directory");
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().contains(".log"))
                    .sorted()
                    .toList();
        }
    }

    static void read(Path file, LineSink sink) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            lines(reader, sink);
        }
    }

    static void lines(Reader reader, LineSink sink) throws IOException {
        char[] buffer = new char[1 << 16];
        StringBuilder line = new StringBuilder(512);
        boolean overlong = false;
        int read;
        while ((read = reader.read(buffer)) > 0) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                overlong = append(line, buffer, start, i - start, overlong);
                emit(line, overlong, sink);
                line.setLength(0);
                overlong = false;
                start = i + 1;
            }
            overlong = append(line, buffer, start, read - start, overlong);
        }
        if (line.length() > 0 || overlong) {
            emit(line, overlong, sink);
        }
    }

    private static boolean append(StringBuilder line, char[] buffer, int from, int length, boolean overlong) {
        if (overlong || line.length() + length > MAX_LINE) {
            line.setLength(0);
            return true;
        }
        line.append(buffer, from, length);
        return false;
    }

    private static void emit(StringBuilder line, boolean overlong, LineSink sink) {
        if (overlong) {
            sink.overlong();
            return;
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        if (end > 0) {
            sink.accept(line.substring(0, end));
        }
    }
}
