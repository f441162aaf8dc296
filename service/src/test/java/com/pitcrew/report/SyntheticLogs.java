package com.pitcrew.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a log set shaped like the service's (the lines a request writes, daily files, the older ones gzipped),
 * from a seed, and counts what it wrote so a test can hold the report to it. For the README's measurement:
 * {@code java -cp ... com.pitcrew.report.SyntheticLogs DIR BYTES}.
 */
final class SyntheticLogs {

    /** What was written. */
    record Counts(long requests, long failed, long skipped, long shadow, long shadowAgreed, long bytes, int files) {
    }

    private static final String[] INTENTS = {"search_calls", "meeting_question", "meeting_summary", "action_items",
            "product_question", "help"};

    private SyntheticLogs() {
    }

    public static void main(String[] args) throws IOException {
        Counts counts = write(Path.of(args[0]), Long.parseLong(args[1]), 8, 3, 42);
        System.out.println(counts);
    }

    /** About {@code bytes} of lines over {@code days} daily files, the first {@code gzipped} of them compressed. */
    static Counts write(Path dir, long bytes, int days, int gzipped, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-11-20T00:00:00Z");
        long perDay = bytes / days;
        long requests = 0;
        long failed = 0;
        long skipped = 0;
        long shadow = 0;
        long agreed = 0;
        long written = 0;
        for (int day = 0; day < days; day++) {
            Instant midnight = start.plus(day, ChronoUnit.DAYS);
            boolean gzip = day < gzipped;
            Path file = dir.resolve(day == days - 1 ? "slack.log"
                    : "slack-" + midnight.toString().substring(0, 10) + ".log" + (gzip ? ".gz" : ""));
            try (OutputStream raw = Files.newOutputStream(file);
                 OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
                 Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
                long dayBytes = 0;
                long n = 0;
                while (dayBytes < perDay) {
                    long at = midnight.toEpochMilli() + (n++ * 86_400_000L / 400_000) % 86_400_000L;
                    String stamp = Instant.ofEpochMilli(at).toString();
                    String correlation = String.format("%08x", random.nextInt());
                    boolean flagOn = day >= days / 2 && random.nextBoolean();
                    boolean skip = flagOn && random.nextDouble() < 0.42;
                    boolean fail = random.nextDouble() < 0.01;
                    long controlPlane = skip ? 1L + random.nextInt(3) : 700L + random.nextInt(300);
                    long handler = 50L + random.nextInt(400);
                    long total = 20 + controlPlane + handler;
                    String intent = INTENTS[random.nextInt(INTENTS.length)];
                    StringBuilder lines = new StringBuilder(1200);
                    lines.append("{\"@timestamp\":\"").append(stamp).append("\",\"level\":\"INFO\",\"thread\":"
                            + "\"dw-57 - POST /slack/events\",\"logger\":\"com.pitcrew.slack.SlackEvents\",\"message\":"
                            + "\"Slack event stored\",\"correlationId\":\"").append(correlation)
                            .append("\",\"eventType\":\"app_mention\",\"eventId\":\"Ev").append(correlation)
                            .append("\",\"retryNum\":0}\n");
                    if (skip) {
                        lines.append("{\"@timestamp\":\"").append(stamp).append("\",\"level\":\"INFO\",\"thread\":"
                                + "\"slack-worker-1\",\"logger\":\"com.pitcrew.intent.ControlPlane\",\"message\":"
                                + "\"skipping LLM validation\",\"correlationId\":\"").append(correlation)
                                .append("\",\"intent\":\"").append(intent)
                                .append("\",\"confidence\":0.9661,\"threshold\":0.9}\n");
                    }
                    lines.append("{\"@timestamp\":\"").append(stamp).append("\",\"level\":\"")
                            .append(fail ? "ERROR" : "INFO").append("\",\"thread\":\"slack-worker-1\",\"logger\":"
                                    + "\"com.pitcrew.pipeline.RequestPipeline\",\"message\":\"")
                            .append(fail ? "Request failed" : "Request completed successfully")
                            .append("\",\"correlationId\":\"").append(correlation).append("\",\"totalTimeMs\":")
                            .append(total).append(",\"stages\":{\"meeting_resolution\":20,\"control_plane\":")
                            .append(controlPlane).append(",\"handler\":").append(handler).append("},\"intent\":\"")
                            .append(intent).append("\",\"confidence\":0.966,\"validation\":\"")
                            .append(skip ? "skipped" : "validated").append("\",\"flag\":\"")
                            .append(flagOn ? "on" : "off").append("\"}\n");
                    lines.append("{\"@timestamp\":\"").append(stamp).append("\",\"level\":\"INFO\",\"thread\":"
                            + "\"slack-worker-1\",\"logger\":\"com.pitcrew.slack.InboxWorker\",\"message\":"
                            + "\"Slack reply posted\",\"correlationId\":\"").append(correlation)
                            .append("\",\"eventId\":\"Ev").append(correlation)
                            .append("\",\"channel\":\"C0DEALS01\",\"attempt\":1}\n");
                    if (skip && random.nextDouble() < 0.1) {
                        boolean ok = random.nextDouble() < 0.95;
                        lines.append("{\"@timestamp\":\"").append(stamp).append("\",\"level\":\"INFO\",\"thread\":"
                                + "\"shadow-validation\",\"logger\":\"com.pitcrew.rollout.ShadowValidator\","
                                + "\"message\":\"Shadow validation ").append(ok ? "agreed" : "disagreed: pattern said x")
                                .append("\",\"correlationId\":\"").append(correlation)
                                .append("\",\"shadowAgreed\":").append(ok).append(",\"patternIntent\":\"")
                                .append(intent).append("\",\"rule\":\"").append(intent).append(".rule\",\"llmIntent\""
                                        + ":\"").append(ok ? intent : "other").append("\"}\n");
                        shadow++;
                        agreed += ok ? 1 : 0;
                    }
                    writer.write(lines.toString());
                    dayBytes += lines.length();
                    requests++;
                    failed += fail ? 1 : 0;
                    skipped += skip ? 1 : 0;
                }
                written += dayBytes;
            }
        }
        return new Counts(requests, failed, skipped, shadow, agreed, written, days);
    }
}
