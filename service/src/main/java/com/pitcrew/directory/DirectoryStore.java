package com.pitcrew.directory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code directory_accounts}, {@code directory_aliases} and {@code directory_contacts} tables (migration V7) and
 * {@code directory_domains} (V11).
 * Thread-safe: every call uses its own handle.
 */
public final class DirectoryStore {

    private final Jdbi jdbi;
    private final Clock clock;

    public DirectoryStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Every account with its aliases, contacts and domains in their stored order, accounts by name. Four queries. */
    public List<Account> all() {
        return jdbi.withHandle(handle -> {
            Map<String, List<String>> aliases = new LinkedHashMap<>();
            handle.createQuery("SELECT account, alias FROM directory_aliases ORDER BY account, seq")
                    .map((rs, ctx) -> Map.entry(rs.getString("account"), rs.getString("alias")))
                    .forEach(row -> aliases.computeIfAbsent(row.getKey(), key -> new ArrayList<>()).add(row.getValue()));
            Map<String, List<Contact>> contacts = new LinkedHashMap<>();
            handle.createQuery("SELECT account, name, role FROM directory_contacts ORDER BY account, seq")
                    .map((rs, ctx) -> Map.entry(rs.getString("account"),
                            new Contact(rs.getString("name"), Optional.ofNullable(rs.getString("role")))))
                    .forEach(row -> contacts.computeIfAbsent(row.getKey(), key -> new ArrayList<>())
                            .add(row.getValue()));
            Map<String, List<String>> domains = new LinkedHashMap<>();
            handle.createQuery("SELECT account, domain FROM directory_domains ORDER BY account, domain")
                    .map((rs, ctx) -> Map.entry(rs.getString("account"), rs.getString("domain")))
                    .forEach(row -> domains.computeIfAbsent(row.getKey(), key -> new ArrayList<>()).add(row.getValue()));
            return handle.createQuery("SELECT name FROM directory_accounts ORDER BY name")
                    .mapTo(String.class)
                    .map(name -> new Account(name, aliases.getOrDefault(name, List.of()),
                            contacts.getOrDefault(name, List.of()), domains.getOrDefault(name, List.of())))
                    .list();
        });
    }

    /** Stores every account as {@link #upsert} does, all in one transaction: one refused alias stores none. */
    public void upsertAll(List<Account> accounts) {
        jdbi.useTransaction(handle -> {
            long now = clock.millis();
            for (Account account : accounts) {
                upsert(handle, account, now);
            }
        });
    }

    public int count() {
        return jdbi.withHandle(handle -> count(handle));
    }

    /**
     * Stores {@code account} in one transaction: creates it, or replaces its aliases and contacts with these.
     * Throws {@link IllegalArgumentException} (and stores nothing) when one of its aliases names another account.
     */
    public void upsert(Account account) {
        jdbi.useTransaction(handle -> upsert(handle, account, clock.millis()));
    }

    /**
     * Stores {@code accounts} only if the directory is empty, in one transaction, and returns how many were stored.
     * Two instances starting together may both see it empty; the loser's keys collide, its transaction rolls back,
     * and it reports 0 because the winner's rows are there.
     */
    public int seedIfEmpty(List<Account> accounts) {
        try {
            return jdbi.inTransaction(handle -> {
                if (count(handle) > 0) {
                    return 0;
                }
                long now = clock.millis();
                for (Account account : accounts) {
                    upsert(handle, account, now);
                }
                return accounts.size();
            });
        } catch (RuntimeException e) {
            if (count() > 0) {
                return 0;
            }
            throw e;
        }
    }

    private static int count(Handle handle) {
        return handle.createQuery("SELECT COUNT(*) FROM directory_accounts").mapTo(Integer.class).one();
    }

    private static void upsert(Handle handle, Account account, long now) {
        String name = account.name();
        for (String alias : account.aliases()) {
            refuseTaken(handle, "alias", "directory_aliases", alias, name);
        }
        for (String domain : account.domains()) {
            refuseTaken(handle, "domain", "directory_domains", domain, name);
        }
        touchAccount(handle, name, now);
        handle.createUpdate("DELETE FROM directory_aliases WHERE account = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM directory_contacts WHERE account = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM directory_domains WHERE account = :name").bind("name", name).execute();
        if (!account.domains().isEmpty()) {
            PreparedBatch domains = handle.prepareBatch(
                    "INSERT INTO directory_domains (domain, account) VALUES (:domain, :account)");
            account.domains().forEach(domain -> domains.bind("domain", domain).bind("account", name).add());
            domains.execute();
        }
        if (!account.aliases().isEmpty()) {
            PreparedBatch aliases = handle.prepareBatch(
                    "INSERT INTO directory_aliases (alias, account, seq) VALUES (:alias, :account, :seq)");
            for (int i = 0; i < account.aliases().size(); i++) {
                aliases.bind("alias", account.aliases().get(i)).bind("account", name).bind("seq", i).add();
            }
            aliases.execute();
        }
        if (!account.contacts().isEmpty()) {
            PreparedBatch contacts = handle.prepareBatch("INSERT INTO directory_contacts (account, name, role, seq) "
                    + "VALUES (:account, :name, :role, :seq)");
            for (int i = 0; i < account.contacts().size(); i++) {
                Contact contact = account.contacts().get(i);
                contacts.bind("account", name).bind("name", contact.name())
                        .bind("role", contact.role().orElse(null)).bind("seq", i).add();
            }
            contacts.execute();
        }
    }

    /** Refuses a key (alias, domain) that already names another account. */
    private static void refuseTaken(Handle handle, String what, String table, String key, String account) {
        String column = what.equals("alias") ? "alias" : "domain";
        Optional<String> owner = handle.createQuery("SELECT account FROM " + table + " WHERE " + column + " = :key")
                .bind("key", key).mapTo(String.class).findOne();
        if (owner.isPresent() && !owner.get().equals(account)) {
            throw new IllegalArgumentException(what + " '" + key + "' already names " + owner.get() + ", not "
                    + account);
        }
    }

    /** Creates the account row if it is missing, else touches it; true when it was created. */
    private static boolean ensureAccount(Handle handle, String name, long now) {
        // Read first (no lock), then one upsert: two importers racing on a new account both succeed.
        boolean exists = handle.createQuery("SELECT COUNT(*) FROM directory_accounts WHERE name = :name")
                .bind("name", name).mapTo(Integer.class).one() > 0;
        touchAccount(handle, name, now);
        return !exists;
    }

    /** One statement: two writers adding the same new account both succeed instead of one failing on the key. */
    private static void touchAccount(Handle handle, String name, long now) {
        handle.createUpdate("INSERT INTO directory_accounts (name, updated_at) VALUES (:name, :now) "
                        + "ON DUPLICATE KEY UPDATE updated_at = VALUES(updated_at)")
                .bind("name", name).bind("now", now).execute();
    }

    /**
     * Adds what an imported call taught about {@code account}, in one transaction: the account if it is new, the
     * contacts it does not list yet (after the ones it has) and the domains no other account holds. Never removes
     * or reorders anything a person entered. Returns whether anything was added.
     */
    public boolean learn(String account, List<String> domains, List<Contact> contacts) {
        String name = Account.requireName(account, "account name");
        return jdbi.inTransaction(handle -> {
            long now = clock.millis();
            boolean changed = ensureAccount(handle, name, now);
            List<String> known = handle.createQuery("SELECT name FROM directory_contacts WHERE account = :account")
                    .bind("account", name).mapTo(String.class).list();
            int seq = handle.createQuery("SELECT COALESCE(MAX(seq), -1) FROM directory_contacts WHERE account = :account")
                    .bind("account", name).mapTo(Integer.class).one();
            for (Contact contact : contacts) {
                if (!known.contains(contact.name())) {
                    handle.createUpdate("INSERT INTO directory_contacts (account, name, role, seq) "
                                    + "VALUES (:account, :name, :role, :seq)")
                            .bind("account", name).bind("name", contact.name())
                            .bind("role", contact.role().orElse(null)).bind("seq", ++seq).execute();
                    known.add(contact.name());
                    changed = true;
                }
            }
            for (String domain : domains) {
                String lower = Account.requireName(domain, "domain").toLowerCase(java.util.Locale.ROOT);
                boolean taken = handle.createQuery("SELECT COUNT(*) FROM directory_domains WHERE domain = :domain")
                        .bind("domain", lower).mapTo(Integer.class).one() > 0;
                if (!taken) {
                    handle.createUpdate("INSERT INTO directory_domains (domain, account) VALUES (:domain, :account)")
                            .bind("domain", lower).bind("account", name).execute();
                    changed = true;
                }
            }
            return changed;
        });
    }

    /**
     * Points {@code alias} at {@code account} (moving it from whichever account had it), or removes it when
     * {@code account} is empty. Throws {@link IllegalArgumentException} for an account that does not exist.
     */
    public void fixAlias(String alias, Optional<String> account) {
        String lower = Account.requireName(alias, "alias").toLowerCase(java.util.Locale.ROOT);
        jdbi.useTransaction(handle -> {
            handle.createQuery("SELECT account FROM directory_aliases WHERE alias = :alias").bind("alias", lower)
                    .mapTo(String.class).findOne()
                    .ifPresent(previous -> handle.createUpdate("UPDATE directory_accounts SET updated_at = :now "
                            + "WHERE name = :name").bind("now", clock.millis()).bind("name", previous).execute());
            handle.createUpdate("DELETE FROM directory_aliases WHERE alias = :alias").bind("alias", lower).execute();
            if (account.isEmpty()) {
                return;
            }
            String name = account.get();
            boolean exists = handle.createQuery("SELECT COUNT(*) FROM directory_accounts WHERE name = :name")
                    .bind("name", name).mapTo(Integer.class).one() > 0;
            if (!exists) {
                throw new IllegalArgumentException("no account named '" + name + "'");
            }
            int seq = handle.createQuery("SELECT COALESCE(MAX(seq), -1) FROM directory_aliases WHERE account = :name")
                    .bind("name", name).mapTo(Integer.class).one();
            handle.createUpdate("INSERT INTO directory_aliases (alias, account, seq) VALUES (:alias, :name, :seq)")
                    .bind("alias", lower).bind("name", name).bind("seq", seq + 1).execute();
            handle.createUpdate("UPDATE directory_accounts SET updated_at = :now WHERE name = :name")
                    .bind("now", clock.millis()).bind("name", name).execute();
        });
    }

    /** A cheap fingerprint of the directory's content: changes whenever an account is added or touched. */
    public String fingerprint() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) AS n, COALESCE(MAX(updated_at), 0) AS at "
                        + "FROM directory_accounts")
                .map((rs, ctx) -> rs.getLong("n") + "@" + rs.getLong("at")).one());
    }
}
