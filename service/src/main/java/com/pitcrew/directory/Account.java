package com.pitcrew.directory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A customer account as the directory holds it: its name, the other names it goes by (lowercase, as stored) and
 * its contacts in order; the first contact is who a draft goes to when only the account is named.
 */
public record Account(String name, List<String> aliases, List<Contact> contacts) {

    static final int MAX_NAME = 128;

    public Account {
        name = requireName(name, "account name");
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String alias : Objects.requireNonNull(aliases, "aliases")) {
            distinct.add(requireName(alias, "alias").toLowerCase(Locale.ROOT));
        }
        aliases = List.copyOf(distinct);
        contacts = List.copyOf(contacts);
        if (contacts.stream().map(Contact::name).distinct().count() != contacts.size()) {
            throw new IllegalArgumentException("account " + name + " lists a contact twice");
        }
    }

    static String requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_NAME) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_NAME + " characters: " + stripped);
        }
        return stripped;
    }
}
