package com.pitcrew.rolloutpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.storage.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The page's forms over plain HTTP, on every database kind: forged posts (no token, a wrong one, another origin, a
 * cross-site fetch) are refused with 403 and change nothing; bad input answers 400 or 404 with the reason and
 * changes nothing; a good post answers 303 back to the page. The page escapes the message text it lists.
 */
class RolloutPageFormsTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    static java.util.stream.Stream<String> kinds() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void refusesForgedAndBadPostsAndAcceptsGoodOnes(String kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind);
             RolloutApp app = new RolloutApp(database, Files.createDirectories(dir.resolve(kind + "-logs")))) {
            RolloutSeed.seed(app.jdbi(), System.currentTimeMillis());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(app.pageUrl())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'"));
            assertThat(page.body()).doesNotContain(RolloutSeed.SCRIPT_TEXT).doesNotContain("<script")
                    .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; find calls &amp; notes about "
                            + "&lt;b&gt;pricing&lt;/b&gt;");
            Matcher matcher = TOKEN.matcher(page.body());
            assertThat(matcher.find()).isTrue();
            String token = matcher.group(1);
            String killSwitch = app.pageUrl() + "/kill-switch";
            String origin = "http://127.0.0.1:" + URI.create(app.pageUrl()).getPort();

            assertThat(post(killSwitch, form("action", "engage", "reason", "forged"), Map.of()))
                    .isEqualTo("403 refused: the form token is missing or stale (reload /rollout and submit again)");
            assertThat(post(killSwitch, form("token", token + "x", "action", "engage", "reason", "forged"), Map.of()))
                    .startsWith("403 refused: the form token is missing");
            assertThat(post(killSwitch, form("token", token, "action", "engage", "reason", "forged"),
                    Map.of("Origin", "http://evil.example"))).startsWith("403 refused: the form was posted from "
                    + "another origin (http://evil.example)");
            assertThat(post(killSwitch, form("token", token, "action", "engage", "reason", "forged"),
                    Map.of("Sec-Fetch-Site", "cross-site"))).startsWith("403 refused: a cross-site form post");
            assertThat(post(killSwitch, form("token", token, "action", "engage"), Map.of("Origin", origin)))
                    .isEqualTo("400 a reason is required (reason=...)");
            assertThat(post(killSwitch, form("token", token, "action", "engage", "reason", "r".repeat(1001)),
                    Map.of())).isEqualTo("400 reason is longer than 1000 characters");
            assertThat(post(killSwitch, form("token", token, "action", "explode", "reason", "x"), Map.of()))
                    .isEqualTo("400 action must be engage or clear, got 'explode'");
            assertThat(app.killSwitchRow()).containsExactly("", "", "");

            long id = RolloutSeed.labelId(app.jdbi(), RolloutSeed.PLAIN_TEXT);
            String label = app.pageUrl() + "/label";
            assertThat(post(label, form("token", token, "id", Long.toString(id), "intent", "nonsense"), Map.of()))
                    .startsWith("400 intent must be one of");
            assertThat(post(label, form("token", token, "id", "12x", "intent", "help"), Map.of()))
                    .startsWith("400 id must be the number of a stored label");
            assertThat(post(label, form("token", token, "id", "999999", "intent", "help"), Map.of()))
                    .isEqualTo("404 no stored label 999999");
            assertThat(post(label, form("token", token, "id", Long.toString(id), "intent", "help", "by",
                    "b".repeat(129)), Map.of())).isEqualTo("400 by is longer than 128 characters");
            assertThat(export(app)).isEmpty();

            assertThat(post(label, form("token", token, "id", Long.toString(id), "intent", "meeting_question",
                    "by", "reviewer"), Map.of("Origin", origin, "Sec-Fetch-Site", "same-origin")))
                    .isEqualTo("303 ");
            assertThat(export(app)).startsWith("{\"text\":\"" + RolloutSeed.PLAIN_TEXT
                    + "\",\"intent\":\"meeting_question\",\"pattern_intent\":\"search_calls\","
                    + "\"llm_intent\":\"draft_email\",").contains("\"labelled_by\":\"reviewer\"");
            assertThat(post(killSwitch, form("token", token, "action", "engage", "reason", "from the page"),
                    Map.of("Origin", origin))).isEqualTo("303 ");
            assertThat(app.killSwitchRow()).containsExactly("true", "from the page", RolloutPage.DEFAULT_BY);
            assertThat(post(killSwitch, form("token", token, "action", "clear", "reason", "figures healthy",
                    "by", "ops"), Map.of())).isEqualTo("303 ");
            assertThat(app.killSwitchRow()).containsExactly("false", "figures healthy", "ops");
        }
    }

    private String export(RolloutApp app) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.pageUrl() + "/labels.jsonl")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** "STATUS BODY" with the body trimmed. */
    private String post(String url, String form, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().trim();
    }

    private static String form(String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
