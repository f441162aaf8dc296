package com.pitcrew.knowledge;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The admin tasks: {@code sync-airtable} (full sync now) and {@code rebuild-product-snapshot}. */
final class KnowledgeTasks {

    private KnowledgeTasks() {
    }

    static Task syncAirtable(Supplier<String> sync) {
        return new Task("sync-airtable") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) {
                output.println(sync.get());
            }
        };
    }

    static Task rebuildSnapshot(ProductSnapshots snapshots) {
        return new Task("rebuild-product-snapshot") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) {
                ProductSnapshots.RebuildResult result = snapshots.rebuild();
                output.println("snapshot v" + result.snapshot().version() + (result.written() ? " (new)" : " (unchanged)")
                        + ", " + result.snapshot().recordCount() + " records, hash " + result.snapshot().contentHash());
            }
        };
    }
}
