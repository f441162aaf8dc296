package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.Database;
import com.pitcrew.directory.AccountDirectory;
import com.pitcrew.directory.AccountsCsv;
import com.pitcrew.directory.DirectoryStore;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code import-accounts config.yml accounts.csv}: creates or replaces accounts in the directory from CSV
 * ({@code name,domains,aliases,contacts}). Any bad line is reported with its number and nothing is stored.
 */
public final class ImportAccountsCommand extends ConfiguredCommand<PitCrewConfiguration> {

    private final PrintStream out;

    public ImportAccountsCommand() {
        this(System.out);
    }

    ImportAccountsCommand(PrintStream out) {
        super("import-accounts", "Create or replace accounts in the directory from CSV: name,domains,aliases,contacts");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("csv").help("the CSV file");
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        CommandOutput.keepConsoleForResults();
        Path file = Path.of(namespace.getString("csv"));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("import-accounts: " + file + ": no such file");
        }
        AccountsCsv.Parsed parsed = AccountsCsv.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!parsed.problems().isEmpty()) {
            parsed.problems().forEach(problem -> out.println(file + ":" + problem));
            throw new UsageException("import-accounts: " + parsed.problems().size() + " bad line(s) in " + file
                    + "; nothing stored");
        }
        try (Database database = Database.open(configuration.getDatabase(), new MetricRegistry())) {
            AccountDirectory directory = new AccountDirectory(new DirectoryStore(database.jdbi(), Clock.systemUTC()));
            directory.start();
            try {
                directory.upsert(parsed.accounts());
            } catch (IllegalArgumentException e) {
                throw new UsageException("import-accounts: " + e.getMessage() + "; nothing stored");
            }
            out.println("import-accounts: " + parsed.accounts().size() + " accounts stored; the directory holds "
                    + directory.accounts().size());
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
