package com.pitcrew.support;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.execution.LocalLifecycle;
import com.pitcrew.execution.Threads;

/**
 * Pools for tests that build a component on its own and never need its pools drained: a lifecycle nobody closes,
 * whose daemon threads idle until the JVM exits. A test that asserts what a stop drains closes a
 * {@link LocalLifecycle} of its own instead.
 */
public final class TestThreads {

    private TestThreads() {
    }

    public static Threads unmanaged() {
        return new LocalLifecycle(new MetricRegistry()).threads();
    }
}
