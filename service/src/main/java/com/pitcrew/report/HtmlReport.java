package com.pitcrew.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The report as one self-contained HTML page: no script, no external file, charts as inline SVG. */
final class HtmlReport {

    private static final int LABEL_WIDTH = 300;
    private static final int PLOT_WIDTH = 420;
    private static final int ROW_HEIGHT = 22;

    private HtmlReport() {
    }

    static String render(ReportDocument document) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>").append(escape(document.title())).append("</title><style>"
                + "body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}.met{color:#17702a}"
                + ".not_met{color:#b00020;font-weight:bold}.no_data{color:#777}svg text{font-size:12px}"
                + "</style></head><body>\n<h1>").append(escape(document.title())).append("</h1>\n<ul>");
        document.facts().forEach(fact -> out.append("<li>").append(escape(fact)).append("</li>"));
        out.append("</ul>\n<h2>Success checklist</h2>\n<table><tr><th>criterion</th><th>verdict</th><th>figure</th></tr>");
        document.checklist().forEach(check -> out.append("<tr><td>").append(escape(check.criterion()))
                .append("</td><td class=\"").append(check.status().name().toLowerCase(Locale.ROOT)).append("\">")
                .append(escape(MarkdownReport.verdict(check.status()))).append("</td><td>")
                .append(escape(check.figure())).append("</td></tr>"));
        out.append("</table>\n<h2>Requests over time</h2>\n").append(timeline(document.timeline()));
        document.charts().forEach(chart -> out.append("<h2>").append(escape(chart.title())).append("</h2>\n")
                .append(bars(chart)));
        for (ReportDocument.Table table : document.tables()) {
            out.append("<h2>").append(escape(table.title())).append("</h2>\n<table><tr>");
            table.headers().forEach(header -> out.append("<th>").append(escape(header)).append("</th>"));
            out.append("</tr>");
            for (List<String> row : table.rows()) {
                out.append("<tr>");
                row.forEach(cell -> out.append("<td>").append(escape(cell)).append("</td>"));
                out.append("</tr>");
            }
            out.append("</table>\n");
        }
        out.append("<h2>Rollout guard and kill switch</h2>\n<ul>");
        if (document.guardEvents().isEmpty()) {
            out.append("<li>No guard trip and no kill switch change in these logs.</li>");
        }
        document.guardEvents().forEach(event -> out.append("<li>").append(event.atMillis() < 0 ? "?"
                : Instant.ofEpochMilli(event.atMillis()).toString()).append(": ").append(escape(event.message()))
                .append("</li>"));
        return out.append("</ul>\n</body></html>\n").toString();
    }

    private static String bars(ReportDocument.BarChart chart) {
        if (chart.bars().isEmpty()) {
            return "<p>No data.</p>\n";
        }
        double max = chart.bars().stream().mapToDouble(bar -> Double.isNaN(bar.high()) ? bar.value()
                : Math.max(bar.value(), bar.high())).filter(value -> !Double.isNaN(value)).max().orElse(1);
        double scale = max <= 0 ? 0 : PLOT_WIDTH / max;
        int height = chart.bars().size() * ROW_HEIGHT + 10;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
                LABEL_WIDTH + PLOT_WIDTH + 90, height));
        int y = 5;
        for (ReportDocument.Bar bar : chart.bars()) {
            double value = Double.isNaN(bar.value()) ? 0 : bar.value();
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    LABEL_WIDTH - 6, y + 15, escape(bar.label())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"#4a78b5\"/>", LABEL_WIDTH, y + 3, value * scale, ROW_HEIGHT - 6));
            if (!Double.isNaN(bar.low())) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
                        + "stroke=\"#222\" stroke-width=\"2\"/>", LABEL_WIDTH + bar.low() * scale,
                        LABEL_WIDTH + bar.high() * scale, y + ROW_HEIGHT / 2, y + ROW_HEIGHT / 2));
            }
            String figure = chart.unit().isEmpty() ? ReportDocument.rate(bar.value())
                    : ReportDocument.millis(bar.value()) + " " + chart.unit();
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", LABEL_WIDTH + value * scale
                    + 6, y + 15, escape(figure)));
            y += ROW_HEIGHT;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String timeline(List<ReportDocument.TimelineBar> timeline) {
        if (timeline.isEmpty()) {
            return "<p>No timed request.</p>\n";
        }
        int plotHeight = 160;
        int barWidth = Math.max(4, 720 / timeline.size());
        long max = Math.max(1, timeline.stream().mapToLong(ReportDocument.TimelineBar::requests).max().orElse(1));
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
                timeline.size() * barWidth + 20, plotHeight + 40));
        int x = 10;
        for (ReportDocument.TimelineBar bar : timeline) {
            double all = (double) bar.requests() / max * plotHeight;
            double skipped = (double) bar.skipped() / max * plotHeight;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                    + "fill=\"#b8c7dc\"><title>%s: %d requests, %d skipped, %d errors</title></rect>", x,
                    plotHeight - all + 10, barWidth - 1, all, Instant.ofEpochMilli(bar.fromMillis()),
                    bar.requests(), bar.skipped(), bar.errors()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                    + "fill=\"#4a78b5\"/>", x, plotHeight - skipped + 10, barWidth - 1, skipped));
            if (bar.killSwitchEngaged()) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"5\" y2=\"%d\" "
                        + "stroke=\"#b00020\" stroke-width=\"2\"><title>kill switch engaged</title></line>", x, x,
                        plotHeight + 10));
            }
            x += barWidth;
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s … %s; dark: skipped, light: all "
                        + "requests, red line: kill switch engaged</text>", plotHeight + 30,
                Instant.ofEpochMilli(timeline.get(0).fromMillis()),
                Instant.ofEpochMilli(timeline.get(timeline.size() - 1).fromMillis())));
        return svg.append("</svg>\n").toString();
    }

    static String escape(String text) {
        return Html.escape(text);
    }
}
