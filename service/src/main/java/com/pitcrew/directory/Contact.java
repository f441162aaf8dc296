package com.pitcrew.directory;

import com.pitcrew.intent.NameLexicon;
import java.util.Objects;
import java.util.Optional;

/** A person at a customer account, with their role when it is known. */
public record Contact(String name, Optional<String> role) {

    public Contact {
        name = Account.requireName(name, "contact name");
        role = Objects.requireNonNull(role, "role").map(String::strip).filter(value -> !value.isEmpty());
    }

    public Contact(String name, String role) {
        this(name, Optional.ofNullable(role));
    }

    /** The first word of the name ("Tyler" for "Tyler Chen"): reps often write only that. */
    public String firstName() {
        return NameLexicon.firstName(name);
    }
}
