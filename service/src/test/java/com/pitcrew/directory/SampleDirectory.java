package com.pitcrew.directory;

import java.util.List;
import java.util.function.Supplier;

/** The sample world's accounts without a database, for tests of what reads the directory. */
public final class SampleDirectory {

    public static final List<Account> ACCOUNTS = AccountDirectory.sampleWorld();

    private SampleDirectory() {
    }

    /** Always the same list instance, as the directory returns between reloads. */
    public static Supplier<List<Account>> accounts() {
        return () -> ACCOUNTS;
    }
}
