package com.pitcrew.cli;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.meetings.ImportException;
import com.pitcrew.meetings.MeetingImporter;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code import-meetings config.yml PATH... [--account A] [--title T] [--start ISO] [--duration MIN]
 * [--attendee "Name <email>"]... [--id ID]}: imports transcript files (.vtt, .srt, .txt, .json) and folders of
 * them, one line of progress per file and a summary at the end. A bad file is reported with its line and skipped;
 * the others go on, and the command exits non-zero.
 */
public final class ImportMeetingsCommand extends ConfiguredCommand<PitCrewConfiguration> {

    private final PrintStream out;

    public ImportMeetingsCommand() {
        this(System.out);
    }

    ImportMeetingsCommand(PrintStream out) {
        super("import-meetings", "Import call transcripts (WebVTT, SRT, 'Speaker: text', our JSON) from files or "
                + "folders; a re-import replaces the call");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("paths").nargs("+").help("transcript files or folders of them");
        subparser.addArgument("--id").help("the call's id (one file only; default: the file name)");
        subparser.addArgument("--title").help("the call's title (default: the sidecar's, else the file name)");
        subparser.addArgument("--account").help("the customer account (default: the sidecar's, else attendee "
                + "e-mail domains)");
        subparser.addArgument("--start").help("start time, ISO-8601 with offset (default: the sidecar's, else "
                + "the file's modification time)");
        subparser.addArgument("--duration").type(Integer.class).help("duration in minutes (default: the sidecar's, "
                + "else the last cue's end)");
        subparser.addArgument("--attendee").action(Arguments.append()).help("an attendee, \"Name <email>\"; "
                + "repeat for each");
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        CommandOutput.keepConsoleForResults();
        List<Path> files = files(namespace.<String>getList("paths"));
        Optional<String> id = Optional.ofNullable(namespace.getString("id"));
        if (id.isPresent() && files.size() != 1) {
            throw new UsageException("import-meetings: --id names one call, but " + files.size() + " files were given");
        }
        List<String> attendees = Optional.ofNullable(namespace.<String>getList("attendee")).orElse(List.of());
        MeetingImporter.Flags flags = new MeetingImporter.Flags(id, Optional.ofNullable(namespace.getString("title")),
                Optional.ofNullable(namespace.getString("account")), Optional.ofNullable(namespace.getString("start")),
                Optional.ofNullable(namespace.getInt("duration")), attendees);
        MetricRegistry metrics = new MetricRegistry();
        Clock clock = Clock.systemUTC();
        try (CommandMeetings opened = CommandMeetings.open(configuration, metrics, clock)) {
            MeetingImporter importer = opened.importer();
            int imported = 0;
            int replaced = 0;
            int failed = 0;
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                String progress = "[" + (i + 1) + "/" + files.size() + "] ";
                try {
                    MeetingImporter.Imported call = importer.importFile(file, flags);
                    imported++;
                    replaced += call.replaced() ? 1 : 0;
                    out.println(progress + file + " -> " + call.id() + " (" + call.account() + ", " + call.turns()
                            + " turns, " + (call.replaced() ? "replaced" : "new") + ")");
                } catch (ImportException e) {
                    failed++;
                    out.println(progress + "FAILED " + e.describe(file.toString()));
                }
            }
            String summary = "import-meetings: " + imported + " imported (" + replaced + " replaced), " + failed
                    + " failed, of " + files.size() + " files";
            out.println(summary);
            if (failed > 0) {
                throw new UsageException(summary);
            }
        }
    }

    /** The files named, and the importable files under the folders named, each folder's in name order. */
    private static List<Path> files(List<String> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : paths) {
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(MeetingImporter::importable).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new UsageException("import-meetings: " + name + ": no such file or folder");
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("import-meetings: no .vtt, .srt, .txt or .json files in " + paths);
        }
        return files;
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
