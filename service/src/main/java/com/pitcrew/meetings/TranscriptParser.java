package com.pitcrew.meetings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads speaker turns from the transcript formats teams have: WebVTT (Zoom, Google Meet and Teams exports, with
 * {@code <v Speaker>} voice tags or {@code Speaker: text} cues), SRT, and plain text with {@code Speaker: text}
 * lines. Consecutive cues of one speaker become one turn; a cue without a speaker label continues the previous
 * speaker. Stateless; a bad input throws {@link ImportException} naming the line.
 */
final class TranscriptParser {

    /** The formats, by file extension. */
    enum Format {
        VTT, SRT, TEXT;

        static Optional<Format> of(String fileName) {
            String lower = fileName.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".vtt")) {
                return Optional.of(VTT);
            }
            if (lower.endsWith(".srt")) {
                return Optional.of(SRT);
            }
            if (lower.endsWith(".txt")) {
                return Optional.of(TEXT);
            }
            return Optional.empty();
        }

        static Format named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "vtt", "webvtt" -> VTT;
                case "srt" -> SRT;
                case "text", "txt" -> TEXT;
                default -> throw new ImportException("transcript format must be vtt, srt or text, not '" + name + "'");
            };
        }
    }

    /** The turns, and how long the recording ran when its cues say so. */
    record Transcript(List<Meeting.Turn> turns, Optional<Integer> durationMinutes) {
    }

    private static final String TIME = "(?:(\\d{1,2}):)?(\\d{2}):(\\d{2})[.,](\\d{3})";
    private static final Pattern TIMING = Pattern.compile("^\\s*" + TIME + "\\s+-->\\s+" + TIME + "(\\s.*)?$");
    private static final Pattern VOICE = Pattern.compile("^<v(?:\\.[^\\s>]+)*\\s+([^>]+)>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>|\\{\\\\[^}]*}");
    /** "Alex Rivera: ...", "Jamie Park (SE): ...": a label of at most six words before a colon. */
    private static final Pattern SPEAKER = Pattern.compile(
            "^(\\p{L}[\\p{L}\\p{M}.'’-]*(?:\\s+[\\p{L}\\p{M}.'’-]+){0,5}(?:\\s*\\([^()]{1,40}\\))?)\\s*:\\s*(.*)$");
    private static final Pattern TEXT_TIMESTAMP = Pattern.compile("^\\[?\\(?\\d{1,2}:\\d{2}(?::\\d{2})?\\)?\\]?\\s+");
    private static final int MAX_SPEAKER = 128;

    private TranscriptParser() {
    }

    static Transcript parse(Format format, String content) {
        String[] lines = content.replace("\uFEFF", "").split("\\r\\n|\\n|\\r", -1);
        Builder turns = new Builder();
        switch (format) {
            case VTT -> cues(lines, true, turns);
            case SRT -> cues(lines, false, turns);
            case TEXT -> text(lines, turns);
        }
        if (turns.turns.isEmpty()) {
            throw new ImportException("the transcript has no speaker turns", 1);
        }
        return new Transcript(List.copyOf(turns.turns), turns.endMillis > 0
                ? Optional.of((int) Math.max(1, Math.round(turns.endMillis / 60_000.0))) : Optional.empty());
    }

    /** WebVTT or SRT: blocks separated by blank lines, each with a timing line and its text. */
    private static void cues(String[] lines, boolean vtt, Builder turns) {
        int i = 0;
        if (vtt) {
            while (i < lines.length && lines[i].isBlank()) {
                i++;
            }
            if (i == lines.length || !lines[i].startsWith("WEBVTT")) {
                throw new ImportException("not WebVTT: the first line must be WEBVTT", i + 1);
            }
            while (i < lines.length && !lines[i].isBlank()) {
                i++; // the header block
            }
        }
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            int start = i;
            List<Integer> block = new ArrayList<>();
            while (i < lines.length && !lines[i].isBlank()) {
                block.add(i++);
            }
            String first = lines[block.get(0)].strip();
            if (vtt && (first.startsWith("NOTE") || first.equals("STYLE") || first.equals("REGION"))) {
                continue;
            }
            int timingAt = -1;
            for (int k = 0; k < Math.min(2, block.size()); k++) {
                if (lines[block.get(k)].contains("-->")) {
                    timingAt = k;
                    break;
                }
            }
            if (timingAt < 0) {
                throw new ImportException("a cue without a timing line (00:00:01" + (vtt ? "." : ",")
                        + "000 --> 00:00:04" + (vtt ? "." : ",") + "000)", start + 1);
            }
            int timingLine = block.get(timingAt);
            Matcher timing = TIMING.matcher(lines[timingLine]);
            if (!timing.matches()) {
                throw new ImportException("bad cue timing '" + lines[timingLine].strip() + "'", timingLine + 1);
            }
            turns.endMillis = Math.max(turns.endMillis, millis(timing, 5));
            StringBuilder payload = new StringBuilder();
            for (int k = timingAt + 1; k < block.size(); k++) {
                payload.append(payload.length() == 0 ? "" : " ").append(lines[block.get(k)].strip());
            }
            if (payload.length() > 0) {
                int payloadLine = timingAt + 1 < block.size() ? block.get(timingAt + 1) + 1 : timingLine + 1;
                cue(payload.toString(), payloadLine, turns);
            }
        }
    }

    private static void cue(String payload, int line, Builder turns) {
        Matcher voice = VOICE.matcher(payload);
        Optional<String> speaker = Optional.empty();
        String text = payload;
        if (voice.find()) {
            speaker = Optional.of(voice.group(1).strip());
            text = payload.substring(voice.end());
        }
        text = unescape(TAG.matcher(text).replaceAll("")).strip();
        if (speaker.isEmpty()) {
            Matcher labelled = SPEAKER.matcher(text);
            if (labelled.matches()) {
                speaker = Optional.of(labelled.group(1).strip());
                text = labelled.group(2).strip();
            }
        }
        if (text.isEmpty()) {
            return;
        }
        turns.add(speaker, text, line, "a cue without a speaker: use <v Name> or 'Name: text'");
    }

    /** Plain text: "Speaker: text" lines; other lines continue the turn before them. */
    private static void text(String[] lines, Builder turns) {
        for (int i = 0; i < lines.length; i++) {
            String line = TEXT_TIMESTAMP.matcher(lines[i].strip()).replaceFirst("");
            if (line.isEmpty()) {
                continue;
            }
            Matcher labelled = SPEAKER.matcher(line);
            if (labelled.matches() && !labelled.group(2).isBlank()) {
                turns.start(labelled.group(1).strip(), labelled.group(2).strip(), i + 1);
            } else {
                turns.add(Optional.empty(), line, i + 1, "expected 'Speaker: text'");
            }
        }
    }

    private static long millis(Matcher timing, int group) {
        long hours = timing.group(group) == null ? 0 : Long.parseLong(timing.group(group));
        return ((hours * 60 + Long.parseLong(timing.group(group + 1))) * 60 + Long.parseLong(timing.group(group + 2)))
                * 1000 + Long.parseLong(timing.group(group + 3));
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&amp;", "&");
    }

    /** Collects turns, merging a speaker's consecutive cues. */
    private static final class Builder {
        private final List<Meeting.Turn> turns = new ArrayList<>();
        private long endMillis;

        void start(String speaker, String text, int line) {
            if (speaker.length() > MAX_SPEAKER) {
                throw new ImportException("speaker name longer than " + MAX_SPEAKER + " characters", line);
            }
            Meeting.Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.speaker().equals(speaker)) {
                turns.set(turns.size() - 1, new Meeting.Turn(last.seq(), speaker, last.text() + " " + text));
            } else {
                turns.add(new Meeting.Turn(turns.size(), speaker, text));
            }
        }

        void add(Optional<String> speaker, String text, int line, String noSpeaker) {
            if (speaker.isPresent()) {
                start(speaker.get(), text, line);
            } else if (turns.isEmpty()) {
                throw new ImportException(noSpeaker, line);
            } else {
                start(turns.get(turns.size() - 1).speaker(), text, line);
            }
        }
    }
}
