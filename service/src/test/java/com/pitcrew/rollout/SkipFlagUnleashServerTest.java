package com.pitcrew.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pitcrew.intent.SkipFlagSource;
import com.pitcrew.support.Runbooks;
import com.pitcrew.support.TestApps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Unleash client against a real unleash-server (PostgreSQL behind it), as .ci/run starts it with
 * ci/unleash/start.sh. The flag is driven through the admin API: once from Java, and once by running the curl commands
 * of runbooks/unleash.md as written (create, gradual rollout by userId, on/off, a strategy variant carrying the skip
 * threshold).
 */
@EnabledIfEnvironmentVariable(named = SkipFlagUnleashServerTest.URL_ENV, matches = ".+")
class SkipFlagUnleashServerTest {

    static final String URL_ENV = "PITCREW_TEST_UNLEASH_URL";
    static final String ADMIN_TOKEN_ENV = "PITCREW_TEST_UNLEASH_ADMIN_TOKEN";
    static final String CLIENT_TOKEN_ENV = "PITCREW_TEST_UNLEASH_CLIENT_TOKEN";

    private static final String FEATURE = "/api/admin/projects/default/features/" + SkipFlag.NAME;
    private static final String ENVIRONMENT = FEATURE + "/environments/development";
    /** The client polls every second; the server publishes a change to its client API within a few seconds. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final List<String> USERS = List.of("U-ALPHA", "U-BRAVO", "U-CHARLIE", "U-DELTA", "U-ECHO");
    /** Enough users that a 10 % rollout by userId reaches some and misses most. */
    private static final List<String> CROWD = IntStream.range(0, 200).mapToObj(i -> "U-CROWD-" + i).toList();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String server = stripTrailingSlash(required(URL_ENV));
    private final String adminToken = required(ADMIN_TOKEN_ENV);
    private final String clientToken = required(CLIENT_TOKEN_ENV);

    @TempDir
    Path temp;

    private SkipFlag flag;

    @BeforeEach
    void noStrategiesAndOffWhenTheFlagExists() throws Exception {
        // The server may have run this class before (a developer's long-lived server): start from a known state.
        if (send("GET", FEATURE, null).statusCode() == 404) {
            return;
        }
        for (JsonNode strategy : admin("GET", ENVIRONMENT + "/strategies", null)) {
            admin("DELETE", ENVIRONMENT + "/strategies/" + strategy.path("id").asText(), null);
        }
        admin("POST", ENVIRONMENT + "/off", null);
    }

    @AfterEach
    void stopClient() {
        if (flag != null) {
            flag.stop();
        }
    }

    @Test
    void theClientFollowsTheServerOnOffRolloutAndThresholdVariant() throws Exception {
        // Idempotent: 409 means the flag exists already.
        HttpResponse<String> created = send("POST", "/api/admin/projects/default/features", json.createObjectNode()
                .put("name", SkipFlag.NAME)
                .put("type", "release")
                .put("description", "Lets confident pattern classifications skip the LLM validation call"));
        assertThat(created.statusCode()).as("create flag: %s", created.body()).isIn(201, 409);
        admin("POST", ENVIRONMENT + "/strategies", flexibleRollout(100, null));
        admin("POST", ENVIRONMENT + "/on", null);

        Path backup = temp.resolve("unleash-backup.json");
        flag = SkipFlag.create(online(backup), new MetricRegistry());

        // Nothing but the server can turn the flag on: no bootstrap, no backup yet.
        awaitForEveryUser(new SkipFlagSource.State(true, Optional.empty()));

        // The backup trap: the online client keeps its download where it was told to, not in the default temp file.
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(backup).exists().content().contains(SkipFlag.NAME));

        admin("POST", ENVIRONMENT + "/off", null);
        awaitForEveryUser(new SkipFlagSource.State(false, Optional.empty()));

        admin("POST", ENVIRONMENT + "/on", null);
        String strategyId = onlyStrategyId();
        admin("PUT", ENVIRONMENT + "/strategies/" + strategyId, flexibleRollout(100, 0.85));
        awaitForEveryUser(new SkipFlagSource.State(true, Optional.of(0.85)));

        // Gradual rollout at 0 %: on, yet no user falls inside the rollout.
        admin("PUT", ENVIRONMENT + "/strategies/" + strategyId, flexibleRollout(0, 0.85));
        awaitForEveryUser(new SkipFlagSource.State(false, Optional.empty()));
    }

    @Test
    void theRunbookCommandsWorkAsWritten() throws Exception {
        List<String> commands = Runbooks.curlCommands(TestApps.repoRoot().resolve("runbooks/unleash.md"));
        assertThat(commands).hasSize(7);
        flag = SkipFlag.create(online(temp.resolve("unleash-backup.json")), new MetricRegistry());

        // Create (a repeat answers 409 NameExistsError, which the runbook says to pass over), 10 % by userId, on.
        Run create = run(commands.get(0), Map.of());
        assertThat(create.exitCode() == 0 || create.output().contains("NameExistsError")).as(create.output()).isTrue();
        assertThat(run(commands.get(1), Map.of()).succeeded().output()).contains("\"rollout\":\"10\"");
        run(commands.get(2), Map.of()).succeeded();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<SkipFlagSource.State> states = CROWD.stream()
                    .map(user -> flag.evaluate(user, Optional.empty(), Optional.empty()))
                    .toList();
            long on = states.stream().filter(SkipFlagSource.State::enabled).count();
            assertThat(on).as("users of %s inside a 10 %% rollout", CROWD.size()).isBetween(5L, 60L);
            assertThat(states).allMatch(state -> state.threshold().isEmpty());
        });
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(run(commands.get(3), Map.of()).succeeded().output()).contains(SkipFlag.NAME));

        // Widen to everyone with the threshold variant, using the strategy id the listing shows.
        JsonNode strategies = json.readTree(run(commands.get(4), Map.of()).succeeded().output());
        assertThat(strategies).hasSize(1);
        run(commands.get(5), Map.of("STRATEGY_ID", strategies.get(0).path("id").asText())).succeeded();
        awaitForEveryUser(new SkipFlagSource.State(true, Optional.of(0.85)));

        run(commands.get(6), Map.of()).succeeded();
        awaitForEveryUser(new SkipFlagSource.State(false, Optional.empty()));
    }

    private UnleashConfiguration online(Path backup) {
        UnleashConfiguration configuration = new UnleashConfiguration();
        configuration.setUrl(server + "/api/");
        configuration.setApiToken(clientToken);
        configuration.setFetchInterval(io.dropwizard.util.Duration.seconds(1));
        configuration.setBackupFile(backup.toString());
        // A bootstrap would answer before the first fetch (the shipped one turns the flag on for everyone).
        configuration.setBootstrapFile(temp.resolve("no-bootstrap.json").toString());
        return configuration;
    }

    private void awaitForEveryUser(SkipFlagSource.State expected) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String user : USERS) {
                assertThat(flag.evaluate(user, Optional.of("T1"), Optional.of("C1"))).as(user).isEqualTo(expected);
            }
        });
    }

    /** flexibleRollout by userId; with a threshold, one strategy variant whose JSON payload carries it. */
    private ObjectNode flexibleRollout(int rollout, Double threshold) throws IOException {
        ObjectNode strategy = json.createObjectNode().put("name", "flexibleRollout");
        strategy.putArray("constraints");
        strategy.putObject("parameters")
                .put("rollout", String.valueOf(rollout))
                .put("stickiness", "userId")
                .put("groupId", SkipFlag.NAME);
        ArrayNode variants = strategy.putArray("variants");
        if (threshold != null) {
            ObjectNode variant = variants.addObject()
                    .put("name", "threshold")
                    .put("weight", 1000)
                    .put("weightType", "variable")
                    .put("stickiness", "userId");
            variant.putObject("payload")
                    .put("type", "json")
                    .put("value", json.writeValueAsString(json.createObjectNode().put("threshold", threshold)));
        }
        return strategy;
    }

    private String onlyStrategyId() throws Exception {
        JsonNode strategies = admin("GET", ENVIRONMENT + "/strategies", null);
        assertThat(strategies).hasSize(1);
        return strategies.get(0).path("id").asText();
    }

    private JsonNode admin(String method, String path, JsonNode body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
        return response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", adminToken)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }


    private record Run(String command, int exitCode, String output) {
        Run succeeded() {
            assertThat(exitCode).as("%s%n%s", command, output).isZero();
            return this;
        }
    }

    /** Runs a runbook command with bash, the shell variables the runbook tells operators to set in its environment. */
    private Run run(String command, Map<String, String> extra) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        builder.environment().put("UNLEASH", server);
        builder.environment().put("ADMIN_TOKEN", adminToken);
        builder.environment().put("CLIENT_TOKEN", clientToken);
        builder.environment().putAll(extra);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(command).isTrue();
        return new Run(command, process.exitValue(), output);
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set when " + URL_ENV + " is");
        }
        return value.trim();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
