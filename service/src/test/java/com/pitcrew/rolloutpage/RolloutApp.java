package com.pitcrew.rolloutpage;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.DatabaseUrl;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import io.dropwizard.testing.DropwizardTestSupport;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/** The real application on a test database, started from the shipped config.yml, and a way into its database. */
final class RolloutApp implements AutoCloseable {

    private final DropwizardTestSupport<PitCrewConfiguration> app;
    private final Jdbi jdbi;

    RolloutApp(TestDatabase database, Path logDir) throws Exception {
        app = new DropwizardTestSupport<>(PitCrewApplication.class, TestApps.configPath(),
                TestApps.overrides(database, logDir));
        app.before();
        jdbi = Jdbi.create(DatabaseUrl.parse(database.url()).jdbcUrl(), database.user(), database.password());
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** {@code http://127.0.0.1:ADMIN/rollout} */
    String pageUrl() {
        return "http://127.0.0.1:" + app.getAdminPort() + RolloutPageServlet.PATH;
    }

    /** What feature_overrides holds for the skip flag: engaged, reason, changed_by; empty strings when no row. */
    String[] killSwitchRow() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT engaged, reason, changed_by FROM feature_overrides "
                        + "WHERE flag_name = 'pitcrew.skip-llm-validation'")
                .map((rs, ctx) -> new String[] {Boolean.toString(rs.getBoolean("engaged")), rs.getString("reason"),
                        rs.getString("changed_by")})
                .findOne().orElse(new String[] {"", "", ""}));
    }

    @Override
    public void close() {
        app.after();
    }
}
