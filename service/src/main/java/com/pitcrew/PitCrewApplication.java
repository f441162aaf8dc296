package com.pitcrew;

import com.pitcrew.admin.LogLevelInput;
import com.pitcrew.admin.TaskInputFilter;
import com.pitcrew.cli.AskCommand;
import com.pitcrew.cli.ClassifyCommand;
import com.pitcrew.cli.CommandErrors;
import com.pitcrew.cli.DbCommand;
import com.pitcrew.cli.DeleteMeetingCommand;
import com.pitcrew.cli.EvalCommand;
import com.pitcrew.cli.ExportLabelsCommand;
import com.pitcrew.cli.ImportAccountsCommand;
import com.pitcrew.cli.ImportMeetingsCommand;
import com.pitcrew.cli.ReportCommand;
import com.pitcrew.cli.SmokeCommand;
import com.pitcrew.cli.SyncAirtableCommand;
import com.pitcrew.cli.SyncGongCommand;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.core.PitCrewCore;
import com.pitcrew.directory.AccountAliasTask;
import com.pitcrew.execution.Threads;
import com.pitcrew.gong.GongConnector;
import com.pitcrew.meetings.MeetingImporter;
import com.pitcrew.observability.CorrelationIdFilter;
import com.pitcrew.observability.PrometheusEndpoint;
import com.pitcrew.retention.Retention;
import com.pitcrew.rollout.CohortGuards;
import com.pitcrew.rollout.CohortGuardsHealthCheck;
import com.pitcrew.rollout.KillSwitchHealthCheck;
import com.pitcrew.rollout.KillSwitchTask;
import com.pitcrew.rollout.RolloutGuardHealthCheck;
import com.pitcrew.rollout.RuleBreakerHealthCheck;
import com.pitcrew.rollout.RuleBreakerTask;
import com.pitcrew.rollout.ProductionLabelStore;
import com.pitcrew.rolloutpage.RolloutPage;
import com.pitcrew.rolloutpage.RolloutPageServlet;
import com.pitcrew.slack.SlackFrontDoor;
import com.pitcrew.storage.Storage;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import net.sourceforge.argparse4j.inf.Namespace;
import org.jdbi.v3.core.Jdbi;

/** PitCrew: wires the features by hand, in dependency order. */
public final class PitCrewApplication extends Application<PitCrewConfiguration> {

    public static void main(String[] args) throws Exception {
        new PitCrewApplication().run(args);
    }

    @Override
    public String getName() {
        return "pitcrew";
    }

    @Override
    public void initialize(Bootstrap<PitCrewConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.setConfigurationFactoryFactory(new ConfigurationPaths());
        bootstrap.addCommand(new DbCommand());
        bootstrap.addCommand(new AskCommand());
        bootstrap.addCommand(new ClassifyCommand());
        bootstrap.addCommand(new EvalCommand());
        bootstrap.addCommand(new ExportLabelsCommand());
        bootstrap.addCommand(new SyncAirtableCommand());
        bootstrap.addCommand(new SyncGongCommand());
        bootstrap.addCommand(new SmokeCommand());
        bootstrap.addCommand(new ReportCommand());
        bootstrap.addCommand(new ImportMeetingsCommand());
        bootstrap.addCommand(new DeleteMeetingCommand());
        bootstrap.addCommand(new ImportAccountsCommand());
    }

    /** Public so that tests run {@code server} and {@code check} in-process through the same CLI as the jar. */
    @Override
    public void addDefaultCommands(Bootstrap<PitCrewConfiguration> bootstrap) {
        // The stock commands, but a start-up failure prints one line naming the setting, not a stack trace wall.
        bootstrap.addCommand(new ServerCommand<>(this) {
            @Override
            public void onError(Cli cli, Namespace namespace, Throwable error) {
                CommandErrors.report(cli, error);
            }
        });
        bootstrap.addCommand(new CheckCommand<>(this) {
            @Override
            public void onError(Cli cli, Namespace namespace, Throwable error) {
                CommandErrors.report(cli, error);
            }
        });
    }

    @Override
    public void run(PitCrewConfiguration configuration, Environment environment) {
        // observability
        environment.servlets()
                .addFilter("correlation-id", new CorrelationIdFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        PrometheusEndpoint.register(environment);
        TaskInputFilter taskInput = new TaskInputFilter(environment.metrics());
        taskInput.check(LogLevelInput.TASK, LogLevelInput::problem);
        environment.admin().addFilter("task-input", taskInput)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/*");

        // storage
        DataSourceFactory dataSourceFactory = configuration.getDatabase().toDataSourceFactory();
        ManagedDataSource dataSource = Storage.openDataSource(dataSourceFactory, environment.metrics());
        if (configuration.getDatabase().isMigrateOnStart()) {
            Storage.migrate(dataSource);
        }
        // JdbiFactory manages the pool here, before any component that uses it: Jetty stops managed objects in
        // reverse order, so the pool (and with it the embedded database, DB_CLOSE_ON_EXIT=FALSE) closes last,
        // after the inbox workers have finished and released their rows.
        Jdbi jdbi = new JdbiFactory().build(environment, dataSourceFactory, dataSource, "database");

        // intent control plane, rollout and the pipeline
        Clock clock = Clock.systemUTC();
        PitCrewCore core = PitCrewCore.assemble(configuration, environment.metrics(), jdbi, clock,
                environment.lifecycle());
        environment.admin().addTask(taskInput.check(new KillSwitchTask(core.killSwitch())));
        environment.healthChecks().register("skip-kill-switch", new KillSwitchHealthCheck(core.killSwitch()));
        environment.healthChecks().register("skip-rollout-guard", new RolloutGuardHealthCheck(core.rolloutGuard()));
        CohortGuards cohortGuards = new CohortGuards(jdbi, core.killSwitch(), configuration.getRollout().cohortGuards(),
                new Threads(environment.lifecycle()), clock, environment.metrics());
        environment.lifecycle().manage(cohortGuards);
        environment.healthChecks().register("skip-cohort-guards", new CohortGuardsHealthCheck(cohortGuards));
        environment.admin().addTask(taskInput.check(new RuleBreakerTask(core.ruleTrust(), core.ruleBreakers())));
        environment.healthChecks().register("skip-rule-breakers", new RuleBreakerHealthCheck(core.ruleTrust()));
        // rollout page: GET /rollout on the admin port (figures, breakers, disagreements to label, the kill switch)
        environment.admin().addServlet("rollout", new RolloutPageServlet(new RolloutPage(core.skipFlag(),
                        core.killSwitch(), core.rolloutGuard(), cohortGuards, core.ruleTrust(),
                        new ProductionLabelStore(jdbi), clock), environment.metrics()))
                .addMapping(RolloutPageServlet.PATH, RolloutPageServlet.PATH + "/*");

        // knowledge: POST /airtable/webhook, sync and snapshot tasks, the product-snapshot health check
        core.productKnowledge().register(environment);

        // meetings: POST /meetings (503 without MEETINGS_IMPORT_TOKEN), the delete-meeting and account-alias tasks
        MeetingImporter importer = core.meetings().importer(core.directory());
        core.meetings().register(environment, importer, taskInput);
        environment.admin().addTask(taskInput.check(new AccountAliasTask(core.directory())));
        // gong: the scheduled catch-up, /tasks/sync-gong and the gong health check (off without credentials)
        GongConnector.create(configuration.getGong(), jdbi, importer, environment.metrics(),
                        new Threads(environment.lifecycle()), clock)
                .register(environment);
        // retention: the scheduled purge of old rows and /tasks/retention-purge
        Retention.install(configuration.getRetention(), environment, jdbi, taskInput, clock);

        // slack: POST /slack/events (503 without credentials), the inbox worker, health check "slack-inbox"
        SlackFrontDoor.install(configuration.getSlack(), environment, jdbi, core.pipeline(), core.interactions(),
                taskInput, configuration.getDatabase().isExclusive(), clock);
    }
}
