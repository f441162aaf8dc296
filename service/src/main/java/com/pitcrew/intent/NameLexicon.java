package com.pitcrew.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /** The names of the sample world: what the directory is seeded with. */
    static NameLexicon sampleWorld() {
        try (InputStream in = NameLexicon.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SAMPLE_RESOURCE);
            }
            Set<String> accounts = new HashSet<>();
            Set<String> people = new HashSet<>();
            for (JsonNode account : new ObjectMapper().readTree(in)) {
                accounts.add(account.path("account").asText());
                account.path("aliases").forEach(alias -> accounts.add(alias.asText()));
                for (JsonNode contact : account.path("contacts")) {
                    String name = contact.path("name").asText();
                    people.add(name);
                    people.add(name.split(" ")[0]);
                }
            }
            return new NameLexicon(1, accounts, people);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SAMPLE_RESOURCE, e);
        }
    }
}
