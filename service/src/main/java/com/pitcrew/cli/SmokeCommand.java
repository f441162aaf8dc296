package com.pitcrew.cli;

import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.intent.CorpusFile;
import com.pitcrew.intent.LabelledMessage;
import com.pitcrew.slack.SmokeCheck;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code smoke config.yml --url https://HOST [--messages FILE]}: the staging check. Sends signed events for labelled
 * messages (the shipped set by default) to a running deployment, waits for each answer through the admin port,
 * prints a table and exits non-zero on any wrong intent or missing reply.
 */
public final class SmokeCommand extends ConfiguredCommand<PitCrewConfiguration> {

    static final String SHIPPED_MESSAGES = "/smoke/messages.jsonl";

    private final PrintStream out;

    public SmokeCommand() {
        this(System.out);
    }

    public SmokeCommand(PrintStream out) {
        super("smoke", "Send signed test events to a running deployment and check the intent of every answer");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--url").dest("url").required(true).metavar("https://HOST")
                .help("the deployment's public root; events go to URL/slack/events");
        subparser.addArgument("--admin-url").dest("adminUrl").metavar("http://127.0.0.1:8081")
                .help("its admin port, where replies are read (default: loopback and the configured admin port)");
        subparser.addArgument("--messages").dest("messages").metavar("FILE.jsonl")
                .help("labelled messages {\"text\", \"intent\"} (default: the shipped set, one per intent and more)");
        subparser.addArgument("--channel").dest("channel").setDefault("C0PITSMOKE")
                .help("channel id the events come from and the replies go to (in a real workspace: the smoke channel)");
        subparser.addArgument("--user").dest("user").setDefault("U0PITSMOKE")
                .help("user id the events come from (decides the flag cohort)");
        subparser.addArgument("--team").dest("team").setDefault("T0PITSMOKE").help("team id of the events");
        subparser.addArgument("--timeout").dest("timeout").type(Integer.class).setDefault(60)
                .help("seconds to wait for each reply");
    }

    @Override
    protected void run(Bootstrap<PitCrewConfiguration> bootstrap, Namespace namespace,
                       PitCrewConfiguration configuration) throws Exception {
        CommandOutput.keepConsoleForResults();
        String secret = configuration.getSlack().signingSecret().orElseThrow(() -> new UsageException(
                "smoke: set SLACK_SIGNING_SECRET to the deployment's signing secret (events must be signed)"));
        List<LabelledMessage> messages = messages(Optional.ofNullable(namespace.getString("messages")));
        int timeout = namespace.getInt("timeout");
        if (timeout < 1) {
            throw new UsageException("--timeout must be at least 1 second, got " + timeout);
        }
        URI adminUrl = Optional.ofNullable(namespace.getString("adminUrl")).map(SmokeCommand::url)
                .orElseGet(() -> URI.create("http://127.0.0.1:" + adminPort(configuration)));
        SmokeCheck check = new SmokeCheck(url(namespace.getString("url")), adminUrl, secret,
                new SmokeCheck.Target(namespace.getString("team"), namespace.getString("channel"),
                        namespace.getString("user")), Duration.ofSeconds(timeout), Clock.systemUTC());
        List<SmokeCheck.Result> results = check.run(messages);
        out.print(SmokeCheck.table(results));
        out.flush();
        long wrong = results.stream().filter(result -> result.intent().isPresent() && !result.passed()).count();
        long missing = results.stream().filter(result -> result.intent().isEmpty()).count();
        if (wrong + missing > 0) {
            throw new CheckFailedException("smoke check failed: " + wrong + " wrong intent(s), " + missing
                    + " missing reply(ies) of " + results.size());
        }
    }

    private static List<LabelledMessage> messages(Optional<String> file) throws IOException {
        if (file.isPresent()) {
            return nonEmpty(IntentFileCommand.readLabelled(Path.of(file.get())), file.get());
        }
        try (InputStream in = SmokeCommand.class.getResourceAsStream(SHIPPED_MESSAGES)) {
            return nonEmpty(CorpusFile.readLabelled(in, "the shipped smoke messages"), SHIPPED_MESSAGES);
        }
    }

    private static List<LabelledMessage> nonEmpty(List<LabelledMessage> messages, String source) {
        if (messages.isEmpty()) {
            throw new UsageException("--messages: " + source + " holds no message");
        }
        return messages;
    }

    private static URI url(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a URL: '" + value + "'");
        }
        if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new UsageException("a URL needs http:// or https:// and a host, got '" + value + "'");
        }
        return uri;
    }

    private static int adminPort(PitCrewConfiguration configuration) {
        if (configuration.getServerFactory() instanceof DefaultServerFactory server
                && !server.getAdminConnectors().isEmpty()
                && server.getAdminConnectors().get(0) instanceof HttpConnectorFactory connector) {
            return connector.getPort();
        }
        return 8081;
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        CommandErrors.report(cli, error);
    }
}
