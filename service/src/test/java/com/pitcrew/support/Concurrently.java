package com.pitcrew.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Runs a write from two threads released together, round after round, so they race for the same new key. */
public final class Concurrently {

    private Concurrently() {
    }

    /** {@code write} gets the round number (a fresh key per round); returns every failure, none when all passed. */
    public static List<Throwable> twoWriters(int rounds, IntConsumer write) throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                int key = round;
                List<Future<?>> writers = new ArrayList<>();
                for (int writer = 0; writer < 2; writer++) {
                    writers.add(pool.submit(() -> {
                        start.await();
                        write.accept(key);
                        return null;
                    }));
                }
                for (Future<?> future : writers) {
                    try {
                        future.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }
}
