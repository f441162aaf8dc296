package com.pitcrew.slack;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.storage.TestDatabase;
import com.pitcrew.support.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real service in a child JVM ({@code server config.yml}, configured only through the environment as an
 * operator would), so a test can kill it with SIGKILL or stop it with SIGTERM. Each start gets its own log
 * directory and stdout file; the database and the fake Slack are shared across restarts.
 */
final class ChildService implements AutoCloseable {

    /** The default lease: a restarted service must take back what a killed run held without waiting it out. */
    static final String LEASE = "2m";

    /** Stable across restarts, as an operator sets it on a shared database (embedded H2 needs none). */
    static final String INSTANCE_ID = "crash-test-1";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final int port;
    private final int adminPort;
    private final Path stdout;
    private final Path logDir;

    private ChildService(Process process, int port, int adminPort, Path stdout, Path logDir) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
        this.stdout = stdout;
        this.logDir = logDir;
    }

    /** Starts the service on {@code database} with Slack pointed at {@code slack}, and waits until it listens. */
    static ChildService start(Path workDir, String name, TestDatabase database, FakeSlack slack) throws IOException {
        int port = freePort();
        Path logDir = Files.createDirectories(workDir.resolve(name + "-logs"));
        Path stdout = workDir.resolve(name + "-stdout.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Ddw.slack.lease=" + LEASE,
                "-Ddw.slack.pollInterval=200ms", "-Ddw.slack.retryBackoff=100ms",
                "-cp", System.getProperty("java.class.path"),
                PitCrewApplication.class.getName(), "server", TestApps.configPath()))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(stdout.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("OPENAI_") || key.startsWith("AIRTABLE_")
                || key.startsWith("SLACK_") || key.startsWith("DATABASE_") || key.startsWith("UNLEASH_"));
        environment.put("PORT", Integer.toString(port));
        int adminPort = freePort();
        environment.put("ADMIN_PORT", Integer.toString(adminPort));
        environment.put("DATABASE_URL", database.url());
        environment.put("DATABASE_USER", database.user());
        environment.put("DATABASE_PASSWORD", database.password());
        environment.put("SLACK_SIGNING_SECRET", SlackDeliveries.SIGNING_SECRET);
        environment.put("SLACK_BOT_TOKEN", SlackDeliveries.BOT_TOKEN);
        environment.put("SLACK_API_URL", slack.apiUrl());
        environment.put("LOG_DIR", logDir.toString());
        environment.put("SLACK_INSTANCE_ID", INSTANCE_ID);
        environment.put("UNLEASH_BOOTSTRAP_FILE", TestApps.shippedBootstrap().toString());
        environment.put("UNLEASH_BACKUP_FILE", logDir.resolve("unleash-backup.json").toString());
        ChildService child = new ChildService(builder.start(), port, adminPort, stdout, logDir);
        child.awaitListening();
        return child;
    }

    int port() {
        return port;
    }

    /** The admin port's {@code /healthcheck} body, as an operator reads it (the inbox's pending and failed rows). */
    String healthcheck() throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + adminPort + "/healthcheck")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGKILL: no shutdown hook, no flush, no lifecycle; what was not on disk is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a container; returns the exit code once the JVM is gone. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the service did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** Every line the process wrote: the console (stdout and stderr) and the log file. */
    List<String> output() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(stdout, StandardCharsets.UTF_8));
        Path logFile = logDir.resolve("slack.log");
        if (Files.exists(logFile)) {
            lines.addAll(Files.readAllLines(logFile, StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** Jetty opens the connectors after every managed component started: a connection means ready. */
    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n"
                        + String.join("\n", output()));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                // Not listening yet: the connect timeout paces the next attempt.
                waitFor(Duration.ofMillis(100));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the service did not listen on " + port + " within " + START_TIMEOUT);
    }

    private void waitFor(Duration pause) {
        try {
            // Waits on the child itself, so an exit ends the pause at once.
            process.waitFor(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
