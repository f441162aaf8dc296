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
 * The {@code directory_accounts}, {@code directory_aliases} and {@code directory_contacts} tables (migration V7).
 * Thread-safe: every call uses its own handle.
 */
public final class DirectoryStore {

    private final Jdbi jdbi;
    private final Clock clock;

    public DirectoryStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Every account with its aliases and contacts in their stored order, accounts by name. Three queries. */
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
            return handle.createQuery("SELECT name FROM directory_accounts ORDER BY name")
                    .mapTo(String.class)
                    .map(name -> new Account(name, aliases.getOrDefault(name, List.of()),
                            contacts.getOrDefault(name, List.of())))
                    .list();
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
            Optional<String> owner = handle.createQuery("SELECT account FROM directory_aliases WHERE alias = :alias")
                    .bind("alias", alias).mapTo(String.class).findOne();
            if (owner.isPresent() && !owner.get().equals(name)) {
                throw new IllegalArgumentException("alias '" + alias + "' already names " + owner.get()
                        + ", not " + name);
            }
        }
        // One statement: two writers adding the same account both succeed instead of one failing on the key.
        handle.createUpdate("INSERT INTO directory_accounts (name, updated_at) VALUES (:name, :now) "
                        + "ON DUPLICATE KEY UPDATE updated_at = VALUES(updated_at)")
                .bind("name", name).bind("now", now).execute();
        handle.createUpdate("DELETE FROM directory_aliases WHERE account = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM directory_contacts WHERE account = :name").bind("name", name).execute();
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
}
