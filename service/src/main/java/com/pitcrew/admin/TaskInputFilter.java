package com.pitcrew.admin;

import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * On the admin port's {@code /tasks/*}: a request to a {@link CheckedTask} (or a checked built-in task) with bad
 * parameters gets 400 and the
 * reason, and a count in {@code pitcrew.admin.task.rejected}; everything else goes on to Dropwizard's task servlet.
 * Thread-safe.
 */
public final class TaskInputFilter implements Filter {

    private final Map<String, Function<Map<String, List<String>>, Optional<String>>> checks =
            new ConcurrentHashMap<>();
    private final MetricRegistry metrics;

    public TaskInputFilter(MetricRegistry metrics) {
        this.metrics = metrics;
    }

    /** Checks {@code task}'s input from now on; register the task itself with the admin environment too. */
    public CheckedTask check(CheckedTask task) {
        checks.put(task.getName(), task::problem);
        return task;
    }

    /** Checks the input of a task this code does not own (Dropwizard's {@code log-level}) by its name. */
    public void check(String taskName, Function<Map<String, List<String>>, Optional<String>> problem) {
        checks.put(taskName, problem);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
                && "POST".equals(http.getMethod())) {
            Optional<Function<Map<String, List<String>>, Optional<String>>> check = checkOf(http);
            if (check.isPresent()) {
                Optional<String> problem = check.get().apply(parameters(http));
                if (problem.isPresent()) {
                    metrics.counter("pitcrew.admin.task.rejected").inc();
                    httpResponse.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                    httpResponse.setContentType("text/plain;charset=utf-8");
                    httpResponse.getOutputStream().write(("error: " + problem.get() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<Function<Map<String, List<String>>, Optional<String>>> checkOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        int slash = path.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.ofNullable(checks.get(path.substring(slash + 1)));
    }

    private static Map<String, List<String>> parameters(HttpServletRequest request) {
        return request.getParameterMap().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> Arrays.asList(entry.getValue())));
    }
}
