package com.pitcrew.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.report.LogEvent;
import com.pitcrew.report.LogLineParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The shipped jar in a child JVM, {@code server config.yml} from the repository root, configured only through the
 * environment as an operator would: embedded H2 in a fresh directory unless {@code DATABASE_URL} is set.
 */
final class ServiceProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final int adminPort;
    private final Path logDir;

    private ServiceProcess(Process process, int port, int adminPort, Path logDir) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
        this.logDir = logDir;
    }

    static ServiceProcess start(Path repo, Path workDir, Map<String, String> settings) throws IOException {
        Path jar = repo.resolve("service/target/pitcrew.jar");
        if (!Files.isReadable(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -B -q package -DskipTests");
        }
        int port = freePort();
        int adminPort = freePort();
        Path logDir = Files.createDirectories(workDir.resolve("logs"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "server",
                repo.resolve("config.yml").toString()))
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("stdout.txt").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("OPENAI_") || key.startsWith("AIRTABLE_")
                || key.startsWith("SLACK_") || key.startsWith("UNLEASH_") || key.startsWith("LLM_"));
        if (!environment.containsKey("DATABASE_URL")) {
            environment.put("DATABASE_URL", "jdbc:h2:file:" + workDir.resolve("data/pitcrew"));
        }
        environment.put("PORT", Integer.toString(port));
        environment.put("ADMIN_PORT", Integer.toString(adminPort));
        environment.put("LOG_DIR", logDir.toString());
        environment.put("UNLEASH_BACKUP_FILE", workDir.resolve("unleash-backup.json").toString());
        environment.putAll(settings);
        ServiceProcess service = new ServiceProcess(builder.start(), port, adminPort, logDir);
        service.awaitListening(workDir.resolve("stdout.txt"));
        return service;
    }

    int port() {
        return port;
    }

    /** The directory the service logs to ({@code slack.log}, JSON lines). */
    Path logDir() {
        return logDir;
    }

    /**
     * The service's own JSON log lines whose message is {@code message}, read by the report's parser: the bench and
     * the {@code report} command read the same lines the same way.
     */
    List<LogEvent> logLines(String message) throws IOException {
        LogLineParser parser = new LogLineParser();
        List<LogEvent> lines = new ArrayList<>();
        for (String line : Files.readAllLines(logDir.resolve("slack.log"), StandardCharsets.UTF_8)) {
            if (!line.startsWith("{") || !line.contains(message)) {
                continue;
            }
            parser.parse(line).filter(event -> message.equals(event.message())).ifPresent(lines::add);
        }
        return lines;
    }

    /** A gauge of the service's metric registry (admin port), or -1 when it cannot be read. */
    double gauge(String name) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("gauges").path(name).path("value").asDouble(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitListening(Path stdout) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n"
                        + Files.readString(stdout));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("the service did not listen on " + port + " within 120 s");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
