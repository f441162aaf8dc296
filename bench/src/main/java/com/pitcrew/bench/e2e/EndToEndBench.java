package com.pitcrew.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The end-to-end benchmark, one command from the repository root:
 * {@code java -cp bench/target/benchmarks.jar com.pitcrew.bench.e2e.EndToEndBench [--quick]}.
 *
 * <p>Starts the shipped jar on its shipped config (embedded H2 in a fresh directory; MySQL when {@code DATABASE_URL}
 * is set) against a fake Slack Web API and a fake OpenAI server (log-normal latencies, validation by the corpus
 * label), then sends signed {@code app_mention} events open-loop from the labelled corpus, each from a distinct
 * user, in phases that differ only in the users' flags: A (skip flag off), B (on), C (on, and parallel validation),
 * then steps up the rate (flags as B) to find the ceiling. Stage times come from the service's own summary lines.
 * Writes {@code bench/results/<timestamp>.json}, prints a Markdown table, and exits 1 when an event got no reply
 * or more than one message, never because of a time.
 */
public final class EndToEndBench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String SECRET = "bench-signing-secret-0123456789";

    private EndToEndBench() {
    }

    record Settings(boolean quick, double rate, double seconds, double validationMs, double answerMs,
                    double firstTokenMs, double sigma, List<Double> ceilingRates, double ceilingSeconds,
                    boolean streaming) {

        static Settings parse(String[] args) {
            boolean quick = List.of(args).contains("--quick");
            // --no-streaming: answers posted whole (SLACK_STREAMING=false), to compare with the shipped default.
            boolean streaming = !List.of(args).contains("--no-streaming");
            double rate = quick ? 5 : 20;
            double seconds = quick ? 6 : 60;
            double validation = 850;
            double answer = 1500;
            double firstToken = 400;
            List<Double> ceiling = quick ? List.of(50.0) : List.of(50.0, 100.0, 150.0, 200.0, 250.0);
            double ceilingSeconds = quick ? 4 : 15;
            for (int i = 0; i < args.length - 1; i++) {
                switch (args[i]) {
                    case "--rate" -> rate = Double.parseDouble(args[i + 1]);
                    case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                    case "--validation-ms" -> validation = Double.parseDouble(args[i + 1]);
                    case "--answer-ms" -> answer = Double.parseDouble(args[i + 1]);
                    case "--first-token-ms" -> firstToken = Double.parseDouble(args[i + 1]);
                    case "--ceiling" -> ceiling = List.of(args[i + 1].split(",")).stream()
                            .map(Double::parseDouble).toList();
                    case "--ceiling-seconds" -> ceilingSeconds = Double.parseDouble(args[i + 1]);
                    default -> { }
                }
            }
            return new Settings(quick, rate, seconds, validation, answer, firstToken, 0.15, ceiling, ceilingSeconds,
                    streaming);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path repo = Path.of("").toAbsolutePath();
        List<String[]> corpus = corpus();
        Map<String, String> oracle = new LinkedHashMap<>();
        corpus.forEach(entry -> oracle.put(entry[0], entry[1]));
        List<String> messages = messages(corpus);
        Path work = Files.createTempDirectory("pitcrew-bench");
        Path bootstrap = work.resolve("bootstrap.json");
        Files.writeString(bootstrap, bootstrap());

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("startedAt", Instant.now().toString());
        results.put("settings", settings);
        results.put("machine", machine());
        boolean clean = true;
        try (FakeSlackServer slack = new FakeSlackServer();
             FakeOpenAiServer openAi = new FakeOpenAiServer(oracle, settings.validationMs(), settings.answerMs(),
                     settings.firstTokenMs(), settings.sigma())) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SLACK_SIGNING_SECRET", SECRET);
            env.put("SLACK_BOT_TOKEN", "xoxb-bench-token");
            env.put("SLACK_API_URL", slack.apiUrl());
            env.put("OPENAI_API_KEY", "bench-key");
            env.put("OPENAI_BASE_URL", openAi.baseUrl());
            env.put("UNLEASH_BOOTSTRAP_FILE", bootstrap.toString());
            env.put("SLACK_STREAMING", Boolean.toString(settings.streaming()));
            long started = System.nanoTime();
            try (ServiceProcess service = ServiceProcess.start(repo, work, env)) {
                System.out.printf(Locale.ROOT, "service up in %.1f s (%s)%n", (System.nanoTime() - started) / 1e9,
                        System.getenv().containsKey("DATABASE_URL") ? "DATABASE_URL" : "embedded H2");
                Phases phases = new Phases(service, slack, openAi, new EventSender(service.port(), SECRET),
                        messages);
                phases.run("W", Math.min(settings.rate(), 10), settings.quick() ? 3 : 10); // JIT warm-up, not reported
                for (String phase : List.of("A", "B", "C")) {
                    Map<String, Object> figures = phases.run(phase, settings.rate(), settings.seconds());
                    results.put("phase" + phase, figures);
                    clean &= (int) figures.get("lost") == 0 && (int) figures.get("duplicated") == 0;
                }
                results.put("ratios", ratios(results));
                Map<String, Object> ceiling = phases.ceiling(settings.ceilingRates(), settings.ceilingSeconds());
                results.put("ceiling", ceiling);
                clean &= (boolean) ceiling.get("clean");
            }
        }
        results.put("clean", clean);
        Path out = repo.resolve("bench/results/" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC).format(Instant.now()) + (settings.quick() ? "-quick" : "") + ".json");
        Files.createDirectories(out.getParent());
        JSON.writeValue(out.toFile(), results);
        System.out.println(Report.markdown(results));
        System.out.println("results: " + repo.relativize(out));
        if (!clean) {
            System.out.println("FAILED: an event got no reply or more than one message (see lost/duplicated)");
        }
        // The HTTP clients' and fakes' pools are not daemons: end here, with the verdict as the exit status.
        System.exit(clean ? 0 : 1);
    }

    /** Skip flag on for users starting UB and UC; parallel validation on for UC (phase C) only. */
    static String bootstrap() {
        return """
                {"version": 2, "features": [
                  {"name": "pitcrew.skip-llm-validation", "type": "release", "project": "default", "enabled": true,
                   "stale": false, "impressionData": false, "variants": [],
                   "strategies": [{"name": "flexibleRollout", "variants": [],
                     "parameters": {"rollout": "100", "stickiness": "userId", "groupId": "pitcrew.skip-llm-validation"},
                     "constraints": [{"contextName": "userId", "operator": "STR_STARTS_WITH", "values": ["UB", "UC"],
                                      "inverted": false, "caseInsensitive": false}]}]},
                  {"name": "pitcrew.parallel-validation", "type": "release", "project": "default", "enabled": true,
                   "stale": false, "impressionData": false, "variants": [],
                   "strategies": [{"name": "flexibleRollout", "variants": [],
                     "parameters": {"rollout": "100", "stickiness": "userId", "groupId": "pitcrew.parallel-validation"},
                     "constraints": [{"contextName": "userId", "operator": "STR_STARTS_WITH", "values": ["UC"],
                                      "inverted": false, "caseInsensitive": false}]}]}
                ]}
                """;
    }

    /** The corpus file is grouped by intent: a fixed shuffle gives every phase the same realistic mix. */
    static List<String> messages(List<String[]> corpus) {
        List<String> messages = new ArrayList<>(corpus.stream().map(entry -> entry[0]).toList());
        Collections.shuffle(messages, new Random(20261202L));
        return messages;
    }

    /** The labelled corpus the classifier is written against, as [text, label] pairs, in file order. */
    static List<String[]> corpus() throws IOException {
        List<String[]> entries = new ArrayList<>();
        try (InputStream in = EndToEndBench.class.getResourceAsStream("/corpus/intents-dev.jsonl")) {
            if (in == null) {
                throw new IllegalStateException("corpus/intents-dev.jsonl is not on the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    JsonNode node = JSON.readTree(line);
                    entries.add(new String[] {node.path("text").asText(), node.path("intent").asText()});
                }
            }
        }
        return entries;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        try {
            machine.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).trim());
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().ifPresent(line -> machine.put("cpu", line.substring(line.indexOf(':') + 1).trim()));
        } catch (IOException e) {
            machine.put("loadAverageAtStart", "unknown");
        }
        return machine;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ratios(Map<String, Object> results) {
        Map<String, Object> a = (Map<String, Object>) results.get("phaseA");
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (String phase : List.of("B", "C")) {
            Map<String, Object> other = (Map<String, Object>) results.get("phase" + phase);
            Map<String, Object> ratio = new LinkedHashMap<>();
            for (String key : List.of("ack", "endToEnd", "queueWait", "serviceTime")) {
                Map<String, Object> base = (Map<String, Object>) a.get(key);
                Map<String, Object> next = (Map<String, Object>) other.get(key);
                Map<String, Object> byPercentile = new LinkedHashMap<>();
                for (String p : List.of("p50", "p95", "p99")) {
                    if (base.get(p) != null && next.get(p) != null && (double) base.get(p) > 0) {
                        byPercentile.put(p, round((double) next.get(p) / (double) base.get(p)));
                    }
                }
                ratio.put(key, byPercentile);
            }
            ratio.put("llmCallsPerRequest", round((double) other.get("llmCallsPerRequest")
                    / Math.max(1e-9, (double) a.get("llmCallsPerRequest"))));
            ratios.put(phase.equals("B") ? "BoverA" : "CoverA", ratio);
        }
        return ratios;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static <T> List<T> where(List<T> items, Predicate<T> test) {
        return items.stream().filter(test).toList();
    }
}
