package com.pitcrew.retention;

import com.pitcrew.admin.CheckedTask;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Admin task {@code POST /tasks/retention-purge}: runs the purge now and prints what each table lost. */
final class RetentionPurgeTask extends CheckedTask {

    private final RetentionPurge purge;

    RetentionPurgeTask(RetentionPurge purge) {
        super("retention-purge");
        this.purge = purge;
    }

    @Override
    public Optional<String> problem(Map<String, List<String>> parameters) {
        return parameters.isEmpty() ? Optional.empty()
                : Optional.of("retention-purge takes no parameters, got " + String.join(", ", parameters.keySet()));
    }

    @Override
    protected void run(Map<String, List<String>> parameters, PrintWriter output) {
        RetentionPurge.Result result = purge.run();
        result.purged().forEach((table, rows) -> output.println(table + ": purged " + rows + " row(s) older than "
                + result.cutoffs().get(table)));
        result.failed().forEach(table -> output.println(table + ": failed, see the log; the next run tries again"));
        output.println("total: " + result.total());
    }
}
