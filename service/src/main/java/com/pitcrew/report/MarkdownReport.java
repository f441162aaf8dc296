package com.pitcrew.report;

import java.time.Instant;
import java.util.List;

/** The report as Markdown: facts, the checklist first, then every table and the guard's lines. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(ReportDocument document) {
        StringBuilder out = new StringBuilder("# ").append(document.title()).append("\n\n");
        document.facts().forEach(fact -> out.append("- ").append(fact).append('\n'));
        out.append("\n## Success checklist\n\n| criterion | verdict | figure |\n|---|---|---|\n");
        document.checklist().forEach(check -> out.append("| ").append(cell(check.criterion())).append(" | ")
                .append(verdict(check.status())).append(" | ").append(cell(check.figure())).append(" |\n"));
        for (ReportDocument.Table table : document.tables()) {
            out.append("\n## ").append(table.title()).append("\n\n");
            row(out, table.headers());
            out.append("|---".repeat(table.headers().size())).append("|\n");
            table.rows().forEach(row -> row(out, row));
        }
        out.append("\n## Rollout guard and kill switch\n\n");
        if (document.guardEvents().isEmpty()) {
            out.append("No guard trip and no kill switch change in these logs.\n");
        }
        document.guardEvents().forEach(event -> out.append("- ").append(event.atMillis() < 0 ? "?"
                : Instant.ofEpochMilli(event.atMillis()).toString()).append(": ").append(cell(event.message()))
                .append('\n'));
        return out.toString();
    }

    static String verdict(ReportDocument.Status status) {
        return switch (status) {
            case MET -> "met";
            case NOT_MET -> "NOT MET";
            case NO_DATA -> "no data";
        };
    }

    private static void row(StringBuilder out, List<String> cells) {
        cells.forEach(cell -> out.append("| ").append(cell(cell)).append(' '));
        out.append("|\n");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
