package com.pitcrew.meetings;

import java.util.Optional;

/** Why a call cannot be imported, and the line of its file that says so when there is one. Nothing is stored. */
public final class ImportException extends RuntimeException {

    private final int line;
    private final Optional<String> file;

    ImportException(String reason) {
        this(reason, 0);
    }

    ImportException(String reason, int line) {
        this(reason, line, Optional.empty());
    }

    private ImportException(String reason, int line, Optional<String> file) {
        super(reason);
        this.line = line;
        this.file = file;
    }

    /** The same problem, found in {@code file} (a sidecar) rather than the file being imported. */
    ImportException in(String otherFile) {
        return new ImportException(getMessage(), line, Optional.of(otherFile));
    }

    /** The 1-based line the problem is on, when it is on one. */
    public Optional<Integer> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }

    /** "calls/acme.vtt:12: bad cue timing '...'" or "calls/acme.vtt: no account ...". */
    public String describe(String where) {
        return file.orElse(where) + line().map(at -> ":" + at).orElse("") + ": " + getMessage();
    }
}
