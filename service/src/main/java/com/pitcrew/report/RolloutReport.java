package com.pitcrew.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code report}: reads every log file of a directory once, streaming, into {@link RolloutFigures}, and writes
 * {@code rollout-report.md} and {@code rollout-report.html}. Memory does not grow with the size of the logs.
 */
public final class RolloutReport {

    /** What was written and the headline counts, for the command's one-line summary. */
    public record Written(Path markdown, Path html, long lines, long malformed, long requests, Headline headline) {
    }

    private RolloutReport() {
    }

    public static Written write(Path logs, Optional<Long> baselineUntil, Path out) throws IOException {
        List<Path> files = LogFiles.in(logs);
        RolloutFigures figures = read(files, baselineUntil);
        ReportDocument document = ReportDocument.of(figures, files.size());
        Files.createDirectories(out);
        Path markdown = Files.writeString(out.resolve("rollout-report.md"), MarkdownReport.render(document),
                StandardCharsets.UTF_8);
        Path html = Files.writeString(out.resolve("rollout-report.html"), HtmlReport.render(document),
                StandardCharsets.UTF_8);
        return new Written(markdown, html, figures.lines(), figures.malformed(),
                figures.requests(cell -> true).count(), Headline.of(figures));
    }

    private static RolloutFigures read(List<Path> files, Optional<Long> baselineUntil) throws IOException {
        RolloutFigures figures = new RolloutFigures(baselineUntil);
        LogLineParser parser = new LogLineParser();
        LogFiles.LineSink sink = new LogFiles.LineSink() {
            @Override
            public void accept(String line) {
                parser.parse(line).ifPresentOrElse(figures::accept, figures::countMalformed);
            }

            @Override
            public void overlong() {
                figures.countMalformed();
            }
        };
        for (Path file : files) {
            LogFiles.read(file, sink);
        }
        return figures;
    }
}
