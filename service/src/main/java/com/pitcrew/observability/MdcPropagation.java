package com.pitcrew.observability;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.slf4j.MDC;

/**
 * The one place that carries the logging context (correlation id) from the thread that submits work to the thread
 * that runs it. Every executor that works for a request goes through {@link #wrap(ExecutorService)}.
 */
public final class MdcPropagation {

    private MdcPropagation() {
    }

    public static Runnable wrap(Runnable task) {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            restore(captured);
            try {
                task.run();
            } finally {
                restore(previous);
            }
        };
    }

    public static <T> Callable<T> wrap(Callable<T> task) {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            restore(captured);
            try {
                return task.call();
            } finally {
                restore(previous);
            }
        };
    }

    /** An executor that runs each task with the submitter's MDC. */
    public static Executor wrap(Executor executor) {
        return task -> executor.execute(wrap(task));
    }

    /** An executor service whose tasks all run with their submitter's MDC. */
    public static ExecutorService wrap(ExecutorService executor) {
        return new MdcExecutorService(executor);
    }

    private static void restore(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
