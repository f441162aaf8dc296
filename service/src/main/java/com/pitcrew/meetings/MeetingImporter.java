package com.pitcrew.meetings;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.directory.AccountDirectory;
import com.pitcrew.directory.Contact;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports one call at a time, from a transcript file (with its sidecar and command-line flags) or a JSON document
 * (POST /meetings), into storage, this instance's index and the account directory. Idempotent by the call's id: a
 * re-import replaces the call. A bad input throws {@link ImportException} and stores nothing of that call.
 * Thread-safe: stateless over thread-safe parts.
 */
public final class MeetingImporter {

    /** What one import did. */
    public record Imported(String id, String account, int turns, boolean replaced) {
    }

    /**
     * Metadata from the command line; each set field wins over the sidecar's and the file's own. An attendee is
     * written {@code "Name <email>"} or just {@code "Name"}.
     */
    public record Flags(Optional<String> id, Optional<String> title, Optional<String> account,
                        Optional<String> start, Optional<Integer> durationMinutes, List<String> attendees) {

        public static final Flags NONE = new Flags(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of());

        CallDocument document() {
            List<CallDocument.AttendeeEntry> people = attendees.isEmpty() ? null : attendees.stream()
                    .map(MeetingImporter::attendeeFlag).toList();
            return new CallDocument(id.orElse(null), title.orElse(null), account.orElse(null), null,
                    start.orElse(null), durationMinutes.orElse(null), people, null, null);
        }
    }

    /**
     * A call from a recorder's API (Gong), already in our terms: the turns with their speakers' names and the people
     * on the call. {@code account} is the recorder's CRM account when it knows one; without it the call goes to its
     * customer attendees' e-mail domain, as a file's does. {@code internal} empty lets our domains decide.
     */
    public record ExternalCall(String id, String title, Optional<String> account, Instant start, int durationMinutes,
                               List<Person> attendees, List<Spoken> turns) {

        public ExternalCall {
            attendees = List.copyOf(attendees);
            turns = List.copyOf(turns);
        }
    }

    /** Someone on an {@link ExternalCall}. */
    public record Person(String name, Optional<String> email, Optional<String> role, Optional<Boolean> internal) {
    }

    /** One speaker turn of an {@link ExternalCall}. */
    public record Spoken(String speaker, String text) {
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + Meeting.MAX_ID + "}");
    private static final Pattern NOT_ID = Pattern.compile("[^A-Za-z0-9._:-]+");
    private static final Pattern NAME_EMAIL = Pattern.compile("^\\s*(.*?)\\s*<([^<>\\s]+@[^<>\\s]+)>\\s*$");
    /** Mail providers everyone uses: their domain says nothing about the account. */
    private static final Set<String> PUBLIC_MAIL = Set.of("gmail.com", "googlemail.com", "outlook.com",
            "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "proton.me", "protonmail.com", "aol.com");

    private final Meetings meetings;
    private final AccountDirectory directory;
    private final MetricRegistry metrics;

    MeetingImporter(Meetings meetings, AccountDirectory directory) {
        this.meetings = meetings;
        this.directory = directory;
        this.metrics = meetings.metrics();
    }

    /** Whether {@code file} is a call this importer reads (a transcript or a call document, not a sidecar). */
    public static boolean importable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.endsWith(".meta.json") && !name.startsWith(".")
                && (name.endsWith(".json") || TranscriptParser.Format.of(name).isPresent());
    }

    /** Imports one file: a .vtt, .srt or .txt transcript (metadata from NAME.meta.json and the flags) or a .json. */
    public Imported importFile(Path file, Flags flags) {
        try {
            String name = file.getFileName().toString();
            byte[] bytes = read(file);
            String stem = stem(name);
            CallDocument own;
            Optional<TranscriptParser.Transcript> transcript = Optional.empty();
            if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
                own = CallDocument.parse(bytes);
            } else {
                own = CallDocument.EMPTY;
                transcript = Optional.of(TranscriptParser.parse(TranscriptParser.Format.of(name).orElseThrow(
                        () -> new ImportException("not a transcript: use .vtt, .srt, .txt or .json")), utf8(bytes)));
            }
            Path sidecar = file.resolveSibling(stem + ".meta.json");
            CallDocument metadata = own;
            if (Files.isRegularFile(sidecar)) {
                try {
                    metadata = own.with(CallDocument.parse(read(sidecar)));
                } catch (ImportException e) {
                    throw e.in(sidecar.toString());
                }
            }
            metadata = metadata.with(flags.document());
            Defaults defaults = new Defaults(sanitisedId(stem), stem.replaceAll("[-_]+", " ").strip(),
                    Optional.of(Files.getLastModifiedTime(file).toInstant()));
            return store(build(metadata, transcript, defaults), "file");
        } catch (ImportException e) {
            metrics.counter("pitcrew.meetings.import.rejected").inc();
            throw e;
        } catch (IOException e) {
            metrics.counter("pitcrew.meetings.import.rejected").inc();
            throw new ImportException("cannot read the file: " + e.getMessage());
        }
    }

    /** Imports a call document (the body of POST /meetings); it must carry its id, title, account or attendees and start. */
    public Imported importDocument(byte[] json) {
        try {
            CallDocument document = CallDocument.parse(json);
            return store(build(document, Optional.empty(), new Defaults(null, null, Optional.empty())), "api");
        } catch (ImportException e) {
            metrics.counter("pitcrew.meetings.import.rejected").inc();
            throw e;
        }
    }

    /**
     * Imports a call a connector fetched, under {@code source} (e.g. "gong"), through the same checks, storage,
     * index update and directory learning as a file; a call with that id already stored is replaced.
     */
    public Imported importExternal(ExternalCall call, String source) {
        try {
            List<CallDocument.AttendeeEntry> attendees = call.attendees().stream()
                    .map(person -> new CallDocument.AttendeeEntry(person.name(), person.email().orElse(null),
                            person.role().orElse(null), person.internal().orElse(null)))
                    .toList();
            List<CallDocument.TurnEntry> turns = call.turns().stream()
                    .map(turn -> new CallDocument.TurnEntry(turn.speaker(), turn.text())).toList();
            CallDocument document = new CallDocument(call.id(), call.title(), call.account().orElse(null), "call",
                    call.start().toString(), call.durationMinutes(), attendees, turns, null);
            return store(build(document, Optional.empty(), new Defaults(null, null, Optional.empty())), source);
        } catch (ImportException e) {
            metrics.counter("pitcrew.meetings.import.rejected").inc();
            throw e;
        }
    }

    private record Defaults(String id, String title, Optional<Instant> start) {
    }

    private Imported store(Meeting meeting, String source) {
        boolean replaced = meetings.store().exists(meeting.id());
        meetings.store().replaceAll(List.of(meeting), source);
        learnAccount(meeting);
        meetings.refresh();
        metrics.counter(replaced ? "pitcrew.meetings.import.replaced" : "pitcrew.meetings.import.stored").inc();
        return new Imported(meeting.id(), meeting.account(), meeting.turns().size(), replaced);
    }

    /** The customer's people and their e-mail domains go into the directory, so names in questions resolve. */
    private void learnAccount(Meeting meeting) {
        List<String> domains = new ArrayList<>();
        List<Contact> contacts = new ArrayList<>();
        for (Meeting.Attendee attendee : meeting.attendees()) {
            if (attendee.internal()) {
                continue;
            }
            attendee.domain().filter(domain -> !PUBLIC_MAIL.contains(domain)).ifPresent(domains::add);
            contacts.add(new Contact(attendee.name(), attendee.role()));
        }
        directory.learn(meeting.account(), domains, contacts);
    }

    private Meeting build(CallDocument document, Optional<TranscriptParser.Transcript> fromFile, Defaults defaults) {
        String id = Optional.ofNullable(document.id()).map(String::strip).orElse(defaults.id());
        if (id == null || id.isEmpty()) {
            throw new ImportException("id is missing: the call's id in its source, so a re-import replaces it");
        }
        if (!ID.matcher(id).matches()) {
            throw new ImportException("id '" + id + "' must be 1 to " + Meeting.MAX_ID
                    + " letters, digits, '.', '_', ':' or '-'");
        }
        Optional<TranscriptParser.Transcript> transcript = fromFile;
        if (transcript.isEmpty() && document.transcript() != null) {
            CallDocument.TranscriptEntry entry = document.transcript();
            if (entry.format() == null || entry.content() == null) {
                throw new ImportException("transcript needs a format (vtt, srt or text) and its content");
            }
            transcript = Optional.of(TranscriptParser.parse(TranscriptParser.Format.named(entry.format()),
                    entry.content()));
        }
        List<Meeting.Turn> turns = transcript.map(TranscriptParser.Transcript::turns).orElseGet(() -> turns(document));
        List<Meeting.Attendee> attendees = attendees(document);
        String title = text(Optional.ofNullable(document.title()).orElse(defaults.title()), "title", 255);
        String kind = text(Optional.ofNullable(document.kind()).orElse("call"), "kind", 32);
        Instant start = Optional.ofNullable(document.start()).map(MeetingImporter::instant).or(defaults::start)
                .orElseThrow(() -> new ImportException("start is missing (ISO-8601, e.g. 2026-11-30T15:00:00Z)"));
        Integer minutes = Optional.ofNullable(document.durationMinutes())
                .orElse(transcript.flatMap(TranscriptParser.Transcript::durationMinutes).orElse(0));
        if (minutes < 0 || minutes > 24 * 60) {
            throw new ImportException("durationMinutes must be between 0 and 1440, not " + minutes);
        }
        String account = account(document, attendees);
        return new Meeting(id, account, title, kind, start, minutes, attendees, turns);
    }

    private static List<Meeting.Turn> turns(CallDocument document) {
        if (document.turns() == null || document.turns().isEmpty()) {
            throw new ImportException("the call has no turns: give turns, a transcript, or a transcript file");
        }
        List<Meeting.Turn> turns = new ArrayList<>();
        for (int i = 0; i < document.turns().size(); i++) {
            CallDocument.TurnEntry turn = document.turns().get(i);
            if (turn == null || turn.speaker() == null || turn.speaker().isBlank()) {
                throw new ImportException("turns[" + i + "].speaker is missing");
            }
            if (turn.text() == null || turn.text().isBlank()) {
                throw new ImportException("turns[" + i + "].text is missing");
            }
            turns.add(new Meeting.Turn(i, text(turn.speaker(), "turns[" + i + "].speaker", 128), turn.text().strip()));
        }
        return turns;
    }

    private List<Meeting.Attendee> attendees(CallDocument document) {
        List<Meeting.Attendee> attendees = new ArrayList<>();
        List<CallDocument.AttendeeEntry> entries = Optional.ofNullable(document.attendees()).orElse(List.of());
        Set<String> internal = Set.copyOf(meetings.configuration().internalDomains());
        for (int i = 0; i < entries.size(); i++) {
            CallDocument.AttendeeEntry entry = entries.get(i);
            if (entry == null || entry.name() == null || entry.name().isBlank()) {
                throw new ImportException("attendees[" + i + "].name is missing");
            }
            Optional<String> email = Optional.ofNullable(entry.email()).map(String::strip).filter(s -> !s.isEmpty());
            if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new ImportException("attendees[" + i + "].email '" + email.get() + "' is not an e-mail address");
            }
            Meeting.Attendee attendee = new Meeting.Attendee(text(entry.name(), "attendees[" + i + "].name", 128),
                    Optional.ofNullable(entry.role()), email, false);
            boolean ours = Optional.ofNullable(entry.internal())
                    .orElse(attendee.domain().map(internal::contains).orElse(false));
            attendees.add(new Meeting.Attendee(attendee.name(), attendee.role(), attendee.email(), ours));
        }
        return attendees;
    }

    /**
     * The account as given (spelt as the directory spells it, if it knows the name or an alias); else the one whose
     * domain a customer attendee's e-mail has; else one named after that domain ("initech.com" → "Initech").
     */
    private String account(CallDocument document, List<Meeting.Attendee> attendees) {
        if (document.account() != null && !document.account().isBlank()) {
            String given = text(document.account(), "account", 128);
            return directory.accountNamed(given).orElse(given);
        }
        Set<String> domains = new LinkedHashSet<>();
        attendees.stream().filter(attendee -> !attendee.internal()).forEach(attendee -> attendee.domain()
                .filter(domain -> !PUBLIC_MAIL.contains(domain)).ifPresent(domains::add));
        for (String domain : domains) {
            Optional<String> known = directory.accountForDomain(domain);
            if (known.isPresent()) {
                return known.get();
            }
        }
        return domains.stream().findFirst().map(MeetingImporter::nameOf).orElseThrow(() -> new ImportException(
                "no account: set account (sidecar, JSON or --account) or give customer attendees with e-mail "
                        + "addresses"));
    }

    /** "initech.com" → "Initech", "umbrella-health.org" → "Umbrella Health". */
    static String nameOf(String domain) {
        String[] labels = domain.split("\\.");
        String main = labels.length >= 2 ? labels[labels.length - 2] : labels[0];
        StringBuilder name = new StringBuilder();
        for (String word : main.split("[-_]+")) {
            if (!word.isEmpty()) {
                name.append(name.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0)))
                        .append(word.substring(1));
            }
        }
        return name.toString();
    }

    private static String text(String value, String field, int max) {
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new ImportException(field + " is empty");
        }
        if (stripped.length() > max) {
            throw new ImportException(field + " is longer than " + max + " characters");
        }
        return stripped;
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ImportException("start '" + value + "' is not an ISO-8601 time with offset, e.g. "
                    + "2026-11-30T15:00:00Z");
        }
    }

    private static CallDocument.AttendeeEntry attendeeFlag(String flag) {
        Matcher matcher = NAME_EMAIL.matcher(flag);
        return matcher.matches()
                ? new CallDocument.AttendeeEntry(matcher.group(1), matcher.group(2), null, null)
                : new CallDocument.AttendeeEntry(flag.strip(), null, null, null);
    }

    private byte[] read(Path file) throws IOException {
        long limit = meetings.configuration().maxImportBytes();
        if (Files.size(file) > limit) {
            throw new ImportException("larger than the import limit of " + limit + " bytes (meetings.maxImportSize)");
        }
        return Files.readAllBytes(file);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ImportException("not UTF-8 text");
        }
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String sanitisedId(String stem) {
        String id = NOT_ID.matcher(stem).replaceAll("-");
        return id.length() > Meeting.MAX_ID ? id.substring(0, Meeting.MAX_ID) : id;
    }
}
