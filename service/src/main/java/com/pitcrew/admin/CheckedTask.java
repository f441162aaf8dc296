package com.pitcrew.admin;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An admin task whose parameters are checked before it runs: Dropwizard's task servlet can only answer 200 or 500,
 * so {@link TaskInputFilter} answers 400 with the {@link #problem} instead of letting bad input reach the task.
 */
public abstract class CheckedTask extends Task {

    protected CheckedTask(String name) {
        super(name);
    }

    /** What is wrong with these parameters, if anything; shown to the operator as is. */
    public abstract Optional<String> problem(Map<String, List<String>> parameters);

    /** Runs with parameters that passed {@link #problem}. */
    protected abstract void run(Map<String, List<String>> parameters, PrintWriter output);

    @Override
    public final void execute(Map<String, List<String>> parameters, PrintWriter output) {
        Optional<String> problem = problem(parameters);
        if (problem.isPresent()) {
            // Only reached when the filter is not installed (e.g. a task run directly): still refuse.
            output.println("error: " + problem.get());
            return;
        }
        run(parameters, output);
    }

    /** The first value of a parameter, trimmed, when it has a non-blank one. */
    public static Optional<String> parameter(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()
                ? Optional.empty() : Optional.of(values.get(0).trim());
    }
}
