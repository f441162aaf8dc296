package com.pitcrew.directory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A customer account as the directory holds it: its name, the other names it goes by (lowercase, as stored) and
 * its contacts in order (the first is who a draft goes to when only the account is named) and the e-mail domains
 * of its people (lowercase), by which an imported call's attendees name their account.
 */
public record Account(String name, List<String> aliases, List<Contact> contacts, List<String> domains) {

    static final int MAX_NAME = 128;

    public Account {
        name = requireName(name, "account name");
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String alias : Objects.requireNonNull(aliases, "aliases")) {
            distinct.add(requireName(alias, "alias").toLowerCase(Locale.ROOT));
        }
        aliases = List.copyOf(distinct);
        contacts = List.copyOf(contacts);
        LinkedHashSet<String> distinctDomains = new LinkedHashSet<>();
        for (String domain : Objects.requireNonNull(domains, "domains")) {
            distinctDomains.add(requireName(domain, "domain").toLowerCase(Locale.ROOT));
        }
        domains = List.copyOf(distinctDomains);
        if (contacts.stream().map(Contact::name).distinct().count() != contacts.size()) {
            throw new IllegalArgumentException("account " + name + " lists a contact twice");
        }
    }

    /** An account whose people's e-mail domains are not known. */
    public Account(String name, List<String> aliases, List<Contact> contacts) {
        this(name, aliases, contacts, List.of());
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
