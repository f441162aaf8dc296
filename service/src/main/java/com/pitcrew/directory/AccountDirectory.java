package com.pitcrew.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.intent.NameLexicon;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer directory the request path reads: accounts, their aliases and contacts, from the database
 * ({@link DirectoryStore}), held as an immutable snapshot. Starting it seeds the sample world
 * ({@code /meetings/accounts.json}) into an empty directory and loads the snapshot; {@link #reload} re-reads the
 * database, e.g. after {@link DirectoryStore#upsert}.
 *
 * <p>Final and thread-safe: the snapshot is published through a volatile field and replaced whole, so request
 * threads read {@link #accounts} and {@link #names} without locks or queries while a reload runs; reloads are
 * serialised so versions only increase. Before {@link #start} the directory is empty.
 */
public final class AccountDirectory implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(AccountDirectory.class);

    /** The sample world's accounts, shipped in the jar: what an empty directory is seeded with. */
    public static final String SAMPLE_RESOURCE = "/meetings/accounts.json";

    private record Snapshot(List<Account> accounts, NameLexicon names) {
    }

    private final DirectoryStore store;
    private volatile Snapshot snapshot = new Snapshot(List.of(), NameLexicon.EMPTY);

    public AccountDirectory(DirectoryStore store) {
        this.store = store;
    }

    @Override
    public void start() {
        int seeded = store.seedIfEmpty(sampleWorld());
        if (seeded > 0) {
            LOG.info("Seeded {} sample accounts into an empty account directory", seeded);
        }
        reload();
        LOG.info("Account directory loaded: {} accounts", snapshot.accounts().size());
    }

    /**
     * The accounts as of the last load; no query. The same list instance until the next {@link #reload}, so
     * callers may rebuild what they derive from it only when the instance changes.
     */
    public List<Account> accounts() {
        return snapshot.accounts();
    }

    /**
     * The names the classifier recognises: account names and aliases, contacts' full and first names. Its version
     * increases on every reload.
     */
    public NameLexicon names() {
        return snapshot.names();
    }

    /** Re-reads the directory from the database and publishes the new snapshot. */
    public synchronized void reload() {
        List<Account> accounts = List.copyOf(store.all());
        snapshot = new Snapshot(accounts, lexicon(snapshot.names().version() + 1, accounts));
    }

    static NameLexicon lexicon(long version, List<Account> accounts) {
        Set<String> names = new HashSet<>();
        Set<String> contacts = new HashSet<>();
        for (Account account : accounts) {
            names.add(account.name());
            names.addAll(account.aliases());
            account.contacts().forEach(contact -> contacts.add(contact.name()));
        }
        return NameLexicon.of(version, names, contacts);
    }

    /** The sample world's accounts from {@link #SAMPLE_RESOURCE}, in file order; for seeding and for tests. */
    public static List<Account> sampleWorld() {
        try (InputStream in = AccountDirectory.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SAMPLE_RESOURCE + " is missing from the class path");
            }
            List<Account> accounts = new ArrayList<>();
            for (JsonNode account : new ObjectMapper().readTree(in)) {
                List<String> aliases = new ArrayList<>();
                account.path("aliases").forEach(alias -> aliases.add(alias.asText()));
                List<Contact> contacts = new ArrayList<>();
                for (JsonNode contact : account.path("contacts")) {
                    JsonNode role = contact.path("role");
                    contacts.add(new Contact(contact.path("name").asText(),
                            role.isTextual() ? Optional.of(role.asText()) : Optional.empty()));
                }
                accounts.add(new Account(account.path("account").asText(), aliases, contacts));
            }
            return List.copyOf(accounts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SAMPLE_RESOURCE, e);
        }
    }
}
