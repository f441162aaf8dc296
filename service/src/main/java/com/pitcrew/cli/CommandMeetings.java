package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.directory.AccountDirectory;
import com.pitcrew.directory.DirectoryStore;
import com.pitcrew.execution.LocalLifecycle;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.meetings.MeetingImporter;
import com.pitcrew.meetings.Meetings;
import com.pitcrew.storage.Database;
import java.time.Clock;

/**
 * The meetings feature as the import, delete and sync commands open it: the database (migrated when configured),
 * the account directory loaded, and {@link Meetings} on a {@link LocalLifecycle}, never started (no seeding, no
 * index build, no schedule). {@link #close} shuts its pools before the database closes. Use from one thread.
 */
final class CommandMeetings implements AutoCloseable {

    private final Database database;
    private final LocalLifecycle lifecycle;
    private final AccountDirectory directory;
    private final Meetings meetings;

    private CommandMeetings(Database database, LocalLifecycle lifecycle, AccountDirectory directory,
                            Meetings meetings) {
        this.database = database;
        this.lifecycle = lifecycle;
        this.directory = directory;
        this.meetings = meetings;
    }

    static CommandMeetings open(PitCrewConfiguration configuration, MetricRegistry metrics, Clock clock) {
        Database database = Database.open(configuration.getDatabase(), metrics);
        LocalLifecycle lifecycle = new LocalLifecycle(metrics);
        try {
            AccountDirectory directory = new AccountDirectory(new DirectoryStore(database.jdbi(), clock));
            directory.start();
            Meetings meetings = Meetings.create(configuration.getMeetings(), database.jdbi(),
                    LlmClient.create(configuration.getLlm(), metrics, clock), directory::accounts, lifecycle.threads(),
                    clock, metrics);
            return new CommandMeetings(database, lifecycle, directory, meetings);
        } catch (RuntimeException e) {
            lifecycle.close();
            database.close();
            throw e;
        }
    }

    Database database() {
        return database;
    }

    LocalLifecycle lifecycle() {
        return lifecycle;
    }

    Meetings meetings() {
        return meetings;
    }

    MeetingImporter importer() {
        return meetings.importer(directory);
    }

    @Override
    public void close() {
        try {
            lifecycle.close();
        } finally {
            database.close();
        }
    }
}
