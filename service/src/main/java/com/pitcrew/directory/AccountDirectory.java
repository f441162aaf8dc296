package com.pitcrew.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.intent.NameLexicon;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
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

    private record Snapshot(List<Account> accounts, NameLexicon names, Map<String, String> byName,
                            Map<String, String> byDomain, String fingerprint) {

        static Snapshot of(List<Account> accounts, NameLexicon names, String fingerprint) {
            Map<String, String> byName = new HashMap<>();
            Map<String, String> byDomain = new HashMap<>();
            for (Account account : accounts) {
                byName.put(account.name().toLowerCase(Locale.ROOT), account.name());
                account.aliases().forEach(alias -> byName.putIfAbsent(alias, account.name()));
                account.domains().forEach(domain -> byDomain.put(domain, account.name()));
            }
            return new Snapshot(accounts, names, Map.copyOf(byName), Map.copyOf(byDomain), fingerprint);
        }
    }

    private final DirectoryStore store;
    private volatile Snapshot snapshot = Snapshot.of(List.of(), NameLexicon.EMPTY, "");

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
        String fingerprint = store.fingerprint();
        List<Account> accounts = List.copyOf(store.all());
        snapshot = Snapshot.of(accounts, lexicon(snapshot.names().version() + 1, accounts), fingerprint);
    }

    /**
     * Reloads when another process changed the directory since the last load (one cheap query otherwise); returns
     * whether it did. Called on every instance's refresh schedule, so an account learned anywhere is seen here.
     */
    public synchronized boolean reloadIfChanged() {
        if (store.fingerprint().equals(snapshot.fingerprint())) {
            return false;
        }
        reload();
        return true;
    }

    /** The account a name or alias stands for, as the directory spells it; no query. */
    public Optional<String> accountNamed(String nameOrAlias) {
        return Optional.ofNullable(snapshot.byName().get(nameOrAlias.strip().toLowerCase(Locale.ROOT)));
    }

    /** The account whose people use this e-mail domain; no query. */
    public Optional<String> accountForDomain(String domain) {
        return Optional.ofNullable(snapshot.byDomain().get(domain.strip().toLowerCase(Locale.ROOT)));
    }

    /** Stores what an imported call taught (see {@link DirectoryStore#learn}) and reloads when anything was new. */
    public void learn(String account, List<String> domains, List<Contact> contacts) {
        if (store.learn(account, domains, contacts)) {
            reload();
        }
    }

    /** Points an alias at an account, or removes it (empty account), then reloads. */
    public void fixAlias(String alias, Optional<String> account) {
        store.fixAlias(alias, account);
        reload();
    }

    /** Creates or replaces accounts (the CSV import) in one transaction, then reloads. */
    public void upsert(List<Account> accounts) {
        store.upsertAll(accounts);
        reload();
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
