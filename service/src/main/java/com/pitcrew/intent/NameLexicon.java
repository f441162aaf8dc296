package com.pitcrew.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The customer names the classifier should recognise, from the account directory: account names and aliases, and
 * contacts' full and first names. The rules name no customer; these words become the {@code xacct} and
 * {@code xperson} markers the rules match. {@code version} changes whenever the names do, so a classifier recompiles
 * its matcher only then. Immutable.
 */
public record NameLexicon(long version, Set<String> accounts, Set<String> people) {

    public static final NameLexicon EMPTY = new NameLexicon(0, Set.of(), Set.of());

    /** The sample world's directory shipped in the jar, for tools and tests that run without a database. */
    static final String SAMPLE_RESOURCE = "/meetings/accounts.json";

    public NameLexicon {
        accounts = Set.copyOf(accounts);
        people = Set.copyOf(people);
    }

    /** Accounts by name and alias; contacts by full name and by first name, since reps often write only that. */
    public static NameLexicon of(long version, Collection<String> accountNamesAndAliases,
                                 Collection<String> contactNames) {
        Set<String> people = new HashSet<>();
        for (String contact : contactNames) {
            people.add(contact);
            people.add(firstName(contact));
        }
        return new NameLexicon(version, new HashSet<>(accountNamesAndAliases), people);
    }

    /** The first word of a contact's name ("Tyler" for "Tyler Chen"). */
    public static String firstName(String fullName) {
        return fullName.strip().split("\\s+")[0];
    }

    /** The names of the sample world: what the directory is seeded with. */
    static NameLexicon sampleWorld() {
        try (InputStream in = NameLexicon.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SAMPLE_RESOURCE);
            }
            Set<String> accounts = new HashSet<>();
            Set<String> contacts = new HashSet<>();
            for (JsonNode account : new ObjectMapper().readTree(in)) {
                accounts.add(account.path("account").asText());
                account.path("aliases").forEach(alias -> accounts.add(alias.asText()));
                account.path("contacts").forEach(contact -> contacts.add(contact.path("name").asText()));
            }
            return of(1, accounts, contacts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SAMPLE_RESOURCE, e);
        }
    }
}
