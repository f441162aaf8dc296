package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.FakeOpenAi;
import com.pitcrew.support.TestApps;
import io.dropwizard.lifecycle.ExecutorServiceManager;
import io.dropwizard.lifecycle.JettyManaged;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every pool the server runs belongs to Dropwizard's lifecycle, and none of their threads outlives the server. */
class LifecycleThreadsAppTest {

    private static final List<String> POOLS = List.of("kill-switch-refresh", "rule-trust-refresh", "rollout-guard",
            "cohort-guards", "production-labels", "shadow-validation", "knowledge-background", "meetings-refresh",
            "speculation", "retention-purge", "slack-worker-fast", "slack-worker-llm", "slack-inbox-poller",
            "slack-busy-notice");

    /** Live threads of the server's pools: other servers of this test JVM may run pools of the same names. */
    private static Set<Thread> livePoolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> POOLS.stream().anyMatch(pool -> thread.getName().startsWith(pool + "-")))
                .collect(Collectors.toSet());
    }

    @Test
    void everyPoolIsManagedAndStopsWithTheServer() throws Exception {
        try (TestDatabase database = TestDatabase.h2(); FakeSlack slack = new FakeSlack();
             FakeOpenAi openAi = new FakeOpenAi()) {
            DropwizardTestSupport<PitCrewConfiguration> app = new DropwizardTestSupport<>(PitCrewApplication.class,
                    TestApps.configPath(), SlackTestApps.overrides(database, slack, 2,
                    ConfigOverride.config("llm.apiKey", "test-key"),
                    ConfigOverride.config("llm.baseUrl", openAi.baseUrl())));
            Set<Thread> others = livePoolThreads();
            app.before();
            Set<Thread> ours;
            try {
                Set<String> managedPools = app.getEnvironment().lifecycle().getManagedObjects().stream()
                        .filter(JettyManaged.class::isInstance)
                        .map(managed -> ((JettyManaged) managed).getManaged())
                        .filter(ExecutorServiceManager.class::isInstance)
                        .map(manager -> ((ExecutorServiceManager) manager).getPoolName().replace("-%d", ""))
                        .collect(Collectors.toSet());
                assertThat(managedPools).containsAll(POOLS);
                ours = livePoolThreads();
                ours.removeAll(others);
                assertThat(ours).extracting(Thread::getName).as("the schedulers run while the server does")
                        .anyMatch(name -> name.startsWith("kill-switch-refresh-"))
                        .anyMatch(name -> name.startsWith("slack-inbox-poller-"));
            } finally {
                app.after();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ours)
                    .filteredOn(Thread::isAlive).extracting(Thread::getName).isEmpty());
        }
    }
}
