package com.pitcrew.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalLifecycleTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LocalLifecycle lifecycle = new LocalLifecycle(new MetricRegistry());

    private Managed recording(String name, boolean failStart, boolean failStop) {
        return new Managed() {
            @Override
            public void start() {
                events.add("start " + name);
                if (failStart) {
                    throw new IllegalStateException(name + " cannot start");
                }
            }

            @Override
            public void stop() {
                events.add("stop " + name);
                if (failStop) {
                    throw new IllegalStateException(name + " cannot stop");
                }
            }
        };
    }

    private void manage(Managed... managed) {
        for (Managed each : managed) {
            lifecycle.environment().manage(each);
        }
    }

    @Test
    void startsInOrderAndStopsInReverseOrderAsDropwizardDoes() {
        manage(recording("directory", false, false), recording("labels", false, false),
                recording("shadow", false, false));

        lifecycle.start();
        lifecycle.close();

        assertThat(events).containsExactly("start directory", "start labels", "start shadow",
                "stop shadow", "stop labels", "stop directory");
    }

    @Test
    void aFailedStartStopsWhatHadStartedAndStartsNothingAfterIt() {
        manage(recording("directory", false, false), recording("labels", false, false),
                recording("shadow", true, false), recording("guard", false, false));

        assertThatThrownBy(lifecycle::start).hasRootCauseMessage("shadow cannot start");

        assertThat(events).containsExactly("start directory", "start labels", "start shadow",
                "stop labels", "stop directory");
    }

    @Test
    void aFailedStopStillStopsTheOthersAndIsReported() {
        manage(recording("directory", false, false), recording("labels", false, true),
                recording("shadow", false, false));
        lifecycle.start();

        assertThatThrownBy(lifecycle::close).hasRootCauseMessage("labels cannot stop");

        assertThat(events).containsExactly("start directory", "start labels", "start shadow",
                "stop shadow", "stop labels", "stop directory");
    }

    @Test
    void aComponentStopsBeforeThePoolItWasBuiltWithWhichFinishesItsQueueBeforeTheDatabaseCloses() throws Exception {
        manage(recording("database", false, false));
        ThreadPoolExecutor pool = lifecycle.threads().pool("writer", 1, new LinkedBlockingQueue<>(),
                Duration.ofSeconds(30));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        manage(new Managed() {
            @Override
            public void start() {
                events.add("start component");
            }

            @Override
            public void stop() {
                events.add("stop component");
                release.countDown(); // the task in progress may finish only once its component has stopped
            }
        });
        lifecycle.start();
        pool.execute(() -> {
            running.countDown();
            awaitQuietly(release);
            events.add("first task done");
        });
        pool.execute(() -> events.add("queued task done"));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        lifecycle.close();

        assertThat(events).containsExactly("start database", "start component", "stop component",
                "first task done", "queued task done", "stop database");
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void poolsAreShutDownAtCloseEvenWhenTheLifecycleNeverStarted() {
        ThreadPoolExecutor pool = lifecycle.threads().pool("unused", 1, new LinkedBlockingQueue<>(),
                Duration.ofSeconds(5));
        PeriodicTask periodic = lifecycle.threads().periodic("tick", Duration.ofHours(1), () -> { });
        manage(recording("never started", false, false));

        lifecycle.close();

        assertThat(pool.isShutdown()).isTrue();
        assertThat(events).as("a component that never started is not stopped").isEmpty();
        assertThatThrownBy(periodic::start).as("its scheduler is shut down too")
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aPeriodicTaskRunsOnItsNamedThreadAndStopsWithItsComponent() throws Exception {
        CountDownLatch ran = new CountDownLatch(2);
        List<String> threadNames = new CopyOnWriteArrayList<>();
        PeriodicTask periodic = lifecycle.threads().periodic("tick", Duration.ZERO, Duration.ofMillis(1), () -> {
            threadNames.add(Thread.currentThread().getName());
            ran.countDown();
        });
        periodic.start();
        periodic.start(); // idempotent: one schedule

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        periodic.stop();
        lifecycle.close();

        assertThat(threadNames).allMatch(name -> name.startsWith("tick-"));
        assertThat(threadNames.stream().distinct()).hasSize(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
