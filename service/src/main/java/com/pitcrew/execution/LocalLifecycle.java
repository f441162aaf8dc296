package com.pitcrew.execution;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.ExecutorServiceManager;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard's lifecycle run by hand, for {@code ask}, the commands, the bench and tests: what is registered with
 * {@link #environment()} (the components, and the pools {@link #threads()} built for them) starts in registration
 * order and stops in reverse, as the server's does. A failed start stops what had started. Pools are shut down at
 * {@link #close} whether or not the lifecycle was started, since they exist from the moment they are built; other
 * objects are stopped only if they were started. Use it from one thread.
 */
public final class LocalLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLifecycle.class);

    private final List<Managed> registered = new ArrayList<>();
    private final Set<Managed> started = Collections.newSetFromMap(new IdentityHashMap<>());
    private final LifecycleEnvironment environment;
    private final Threads threads;

    public LocalLifecycle(MetricRegistry metrics) {
        this.environment = new LifecycleEnvironment(metrics) {
            @Override
            public void manage(Managed managed) {
                registered.add(managed);
            }

            @Override
            public void manage(LifeCycle managed) {
                registered.add(new Managed() {
                    @Override
                    public void start() throws Exception {
                        managed.start();
                    }

                    @Override
                    public void stop() throws Exception {
                        managed.stop();
                    }

                    @Override
                    public String toString() {
                        return managed.toString();
                    }
                });
            }
        };
        this.threads = new Threads(environment);
    }

    /** Where components and pools register, as on the server's {@code environment.lifecycle()}. */
    public LifecycleEnvironment environment() {
        return environment;
    }

    public Threads threads() {
        return threads;
    }

    /** Starts what is registered and not yet started, in order; on a failure stops all (in reverse) and throws. */
    public void start() {
        for (Managed managed : List.copyOf(registered)) {
            if (started.contains(managed)) {
                continue;
            }
            try {
                managed.start();
            } catch (Exception e) {
                IllegalStateException failure = new IllegalStateException("could not start " + managed, e);
                try {
                    close();
                } catch (RuntimeException stopFailure) {
                    failure.addSuppressed(stopFailure);
                }
                throw failure;
            }
            started.add(managed);
        }
    }

    /** Stops in reverse order; one that fails does not keep the others running. The first failure is thrown. */
    @Override
    public void close() {
        IllegalStateException failure = null;
        boolean interrupted = false;
        for (int i = registered.size() - 1; i >= 0; i--) {
            Managed managed = registered.get(i);
            if (!started.remove(managed) && !(managed instanceof ExecutorServiceManager)) {
                continue;
            }
            try {
                managed.stop();
            } catch (Exception e) {
                interrupted |= e instanceof InterruptedException;
                LOG.warn("Could not stop {}", managed, e);
                if (failure == null) {
                    failure = new IllegalStateException("could not stop " + managed, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // after the loop, so the later stops still wait for their threads
        }
        if (failure != null) {
            throw failure;
        }
    }
}
