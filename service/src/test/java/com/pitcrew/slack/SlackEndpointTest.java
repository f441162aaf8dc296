package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pitcrew.PitCrewApplication;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.observability.LogCapture;
import com.pitcrew.storage.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class SlackEndpointTest {

    // Fakes first: Bolt calls auth.test while the application starts.
    private static final FakeSlack SLACK = new FakeSlack();
    private static final HoldingLlm LLM = new HoldingLlm();
    private static final TestDatabase DATABASE = TestDatabase.h2();

    static final DropwizardAppExtension<PitCrewConfiguration> APP = new DropwizardAppExtension<>(
            PitCrewApplication.class, com.pitcrew.support.TestApps.configPath(),
            // Skip flag off: every request is validated by the (held) LLM, whatever intent it classifies as.
            SlackTestApps.overrides(DATABASE, SLACK, 2, com.pitcrew.support.TestApps.repoRoot()
                            .resolve("service/src/test/resources/slack/unleash-skip-off.json"),
                    ConfigOverride.config("slack.maxAttempts", "3"),
                    ConfigOverride.config("llm.apiKey", "test-key"),
                    ConfigOverride.config("llm.baseUrl", LLM.baseUrl()),
                    ConfigOverride.config("llm.timeout", "15s"),
                    ConfigOverride.config("llm.maxRetries", "0"),
                    // This suite covers answers posted as one message; SlackStreamingTest covers streamed ones.
                    ConfigOverride.config("slack.streaming.enabled", "false")));

    private SlackDeliveries slack;
    private Jdbi jdbi;

    @BeforeEach
    void setUp() {
        slack = new SlackDeliveries(APP.getLocalPort());
        jdbi = SlackTestApps.jdbi(DATABASE);
    }

    @AfterAll
    static void stopFakes() {
        SLACK.close();
        LLM.close();
    }

    private static String channel() {
        return "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
    }

    private static String eventId() {
        return "Ev" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    }

    private static List<Map<String, String>> callsIn(String method, String channel) {
        return SLACK.calls(method).stream().filter(call -> channel.equals(call.get("channel"))).toList();
    }

    /** The first message posted in {@code channel}: its form fields, and the ts Slack gave it as "ts". */
    private static Map<String, String> awaitAnswer(String channel) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !SLACK.postedIn(channel).isEmpty());
        FakeSlack.Posted posted = SLACK.postedIn(channel).get(0);
        Map<String, String> answer = new java.util.HashMap<>(posted.fields());
        answer.put("ts", posted.ts());
        return answer;
    }

    /** The progress sign went on before anything was posted and came off after: the last reaction call removes. */
    private static void assertProgressShownThenCleared(String channel) {
        List<String> methods = SLACK.methodsIn(channel).stream().filter(method -> !method.equals("auth.test"))
                .toList();
        assertThat(methods).as("calls for " + channel).first().isEqualTo("reactions.add");
        assertThat(methods.stream().filter(method -> method.startsWith("reactions.")).reduce((a, b) -> b))
                .as("the last reaction call").contains("reactions.remove");
    }

    private String status(String eventId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT status FROM slack_inbox WHERE event_id = :id")
                .bind("id", eventId).mapTo(String.class).findOne().orElse("absent"));
    }

    private long rejected(String reason) {
        return APP.getEnvironment().metrics().counter("pitcrew.slack.rejected." + reason).getCount();
    }

    @Test
    void urlVerificationIsAnswered() {
        HttpResponse<String> response = slack.deliver(SlackDeliveries.payload("url_verification", Map.of()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void aMentionIsAnsweredOnceInItsThreadWithAProgressSignOnTheQuestionMeanwhile() {
        String channel = channel();
        String eventId = eventId();
        String body = SlackDeliveries.message("app_mention", eventId, channel, "what did Acme say about pricing?");
        String questionTs = body.replaceAll("(?s).*\"ts\":\"([0-9.]+)\".*", "$1");

        assertThat(slack.deliver(body).statusCode()).isEqualTo(200);

        Map<String, String> answer = awaitAnswer(channel);
        await().atMost(Duration.ofSeconds(5)).until(() -> status(eventId).equals("done"));
        assertThat(callsIn("chat.postMessage", channel)).singleElement().satisfies(post ->
                assertThat(post.get("thread_ts")).as("a new thread under the user's message").isEqualTo(questionTs));
        assertThat(answer.get("blocks")).contains("\"type\":\"section\"");
        assertThat(answer.get("text")).isNotBlank();
        for (String method : List.of("reactions.add", "reactions.remove")) {
            assertThat(callsIn(method, channel)).as(method).singleElement().satisfies(call -> {
                assertThat(call.get("timestamp")).as("on the user's message").isEqualTo(questionTs);
                assertThat(call.get("name")).isEqualTo(SlackReplies.PROGRESS_REACTION);
            });
        }
        // The sign comes off just before the answer goes up, so no crash can leave it behind an answer.
        assertThat(SLACK.methodsIn(channel)).containsExactly("reactions.add", "reactions.remove", "chat.postMessage");
        String replyTs = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT reply_ts FROM slack_inbox WHERE event_id = :id").bind("id", eventId)
                .mapTo(String.class).one());
        assertThat(answer.get("ts")).isEqualTo(replyTs);
        long linked = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM interactions WHERE channel_id = :channel AND reply_ts = :ts")
                .bind("channel", channel).bind("ts", replyTs).mapTo(Long.class).one());
        assertThat(linked).as("the interaction knows where its reply went").isEqualTo(1);
    }

    @Test
    void everyLogLineOfAnEventCarriesItsCorrelationIdFromTheAckToTheWorker() throws Exception {
        String channel = channel();
        String eventId = eventId();
        assertThat(slack.deliver(SlackDeliveries.message("app_mention", eventId, channel,
                "search calls about SOC 2")).statusCode()).isEqualTo(200);
        awaitAnswer(channel);
        String correlationId = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT correlation_id FROM slack_inbox WHERE event_id = :id").bind("id", eventId)
                .mapTo(String.class).one());

        // The production file appender is asynchronous: wait until the worker's lines are in the file.
        Path log = logFile();
        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(log).stream()
                .anyMatch(line -> line.contains("\"Slack reply posted\"") && line.contains(eventId)));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode node = json.readTree(line);
            if (correlationId.equals(node.path("correlationId").asText())) {
                lines.add(node);
            }
        }
        Set<String> threads = new HashSet<>();
        lines.forEach(line -> threads.add(line.path("thread").asText()));
        assertThat(threads).as("the ack on a Jetty thread and the answer on a worker thread")
                .anySatisfy(thread -> assertThat(thread).startsWith("dw-"))
                .anySatisfy(thread -> assertThat(thread).startsWith("slack-worker"));
        JsonNode summary = lines.stream()
                .filter(line -> "Request completed successfully".equals(line.path("message").asText()))
                .findFirst().orElseThrow();
        assertThat(summary.path("totalTimeMs").isNumber()).isTrue();
        assertThat(summary.path("stages").path("control_plane").isNumber()).isTrue();
        assertThat(summary.path("validation").asText()).as("skip flag off in this test").isEqualTo("validated");
        assertThat(lines).anySatisfy(line -> assertThat(line.path("message").asText()).isEqualTo("Slack reply posted"));
    }

    private static Path logFile() {
        DefaultLoggingFactory logging = (DefaultLoggingFactory) APP.getConfiguration().getLoggingFactory();
        return logging.getAppenders().stream()
                .filter(FileAppenderFactory.class::isInstance)
                .map(appender -> Path.of(((FileAppenderFactory<?>) appender).getCurrentLogFilename()))
                .findFirst().orElseThrow();
    }

    @Test
    void aMentionInsideAThreadIsAnsweredInThatThread() {
        String channel = channel();
        String body = SlackDeliveries.payload("app_mention_in_thread", Map.of("EVENT_ID", eventId(),
                "CHANNEL", channel, "TEXT", "recap please", "TS", "1700000500.000200",
                "THREAD_TS", "1700000400.000100"));

        assertThat(slack.deliver(body).statusCode()).isEqualTo(200);

        awaitAnswer(channel);
        assertThat(callsIn("chat.postMessage", channel)).singleElement()
                .satisfies(post -> assertThat(post.get("thread_ts")).isEqualTo("1700000400.000100"));
    }

    @Test
    void aDirectMessageIsAnswered() {
        String channel = "D" + channel().substring(1);
        assertThat(slack.deliver(SlackDeliveries.message("message_im", eventId(), channel, "hello")).statusCode())
                .isEqualTo(200);

        awaitAnswer(channel);
        assertThat(callsIn("chat.postMessage", channel)).hasSize(1);
    }

    @Test
    void botsOurselvesEditsChannelChatterAndOtherEventTypesAreAcknowledgedAndIgnored() {
        long before = SlackTestApps.inboxRows(jdbi);
        for (String payload : List.of("message_im_from_bot", "message_im_own", "message_im_edited",
                "message_channel", "channel_created")) {
            HttpResponse<String> response = slack.deliver(
                    SlackDeliveries.message(payload, eventId(), channel(), "ignore me"));
            assertThat(response.statusCode()).as(payload).isEqualTo(200);
        }
        assertThat(SlackTestApps.inboxRows(jdbi)).isEqualTo(before);
    }

    @Test
    void retriesOfOneEventAreAnsweredOnce() {
        String channel = channel();
        String body = SlackDeliveries.message("app_mention", eventId(), channel, "search calls about SSO");

        for (int retry = 0; retry < 4; retry++) {
            HttpResponse<String> response = retry == 0 ? slack.deliver(body) : slack.deliver(body,
                    Long.toString(System.currentTimeMillis() / 1000), SlackSigning.sign(SlackDeliveries.SIGNING_SECRET,
                            Long.toString(System.currentTimeMillis() / 1000), body.getBytes(StandardCharsets.UTF_8)),
                    Map.of("X-Slack-Retry-Num", Integer.toString(retry), "X-Slack-Retry-Reason", "http_timeout"));
            assertThat(response.statusCode()).isEqualTo(200);
        }

        awaitAnswer(channel);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3))
                .until(() -> callsIn("chat.postMessage", channel).size() == 1
                        && callsIn("reactions.remove", channel).size() == 1
                        && callsIn("chat.update", channel).isEmpty());
    }

    @Test
    void theAckDoesNotWaitForASlowLlm() throws Exception {
        String channel = channel();
        String eventId = eventId();

        long started = System.nanoTime();
        HttpResponse<String> ack = slack.deliver(SlackDeliveries.message("app_mention", eventId, channel,
                HoldingLlm.SLOW + " what did Globex say about onboarding?"));
        long ackMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(LLM.awaitSlowRequest(10)).as("the worker is now inside the LLM call").isTrue();
        // Ordering, not timing: the LLM is held until released, so no answer can exist yet.
        assertThat(callsIn("chat.postMessage", channel)).isEmpty();
        assertThat(status(eventId)).isEqualTo("pending");
        assertThat(callsIn("reactions.add", channel)).as("progress is shown before the slow work")
                .hasSize(1);
        assertThat(ackMillis).as("Slack's 3 s budget").isLessThan(3000);
        System.out.println("[measure] ack latency with the LLM held (up to 10 s): " + ackMillis + " ms");

        LLM.release();
        awaitAnswer(channel);
        assertThat(callsIn("chat.postMessage", channel)).hasSize(1);
    }

    @Test
    void aRateLimitedPostWaitsForRetryAfterAndStillPostsOnce() {
        String channel = channel();
        SLACK.rateLimitNext("chat.postMessage");

        assertThat(slack.deliver(SlackDeliveries.message("app_mention", eventId(), channel, "hi")).statusCode())
                .isEqualTo(200);

        awaitAnswer(channel);
        assertThat(callsIn("chat.postMessage", channel)).as("one 429, then the post").hasSize(2);
        assertThat(SLACK.postedIn(channel)).hasSize(1);
        assertThat(APP.getEnvironment().metrics().meter("pitcrew.slack.api.rate_limited").getCount()).isPositive();
    }

    @Test
    void aPostSlackRefusedIsRetriedAndShowsOneMessageFromOnePipelineRun() {
        String channel = channel();
        String eventId = eventId();
        SLACK.failNext("chat.postMessage");

        assertThat(slack.deliver(SlackDeliveries.message("app_mention", eventId, channel, "hi")).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(eventId).equals("done"));
        assertThat(callsIn("chat.postMessage", channel)).as("the 500, then the post").hasSize(2);
        assertThat(SLACK.postedIn(channel)).hasSize(1);
        assertProgressShownThenCleared(channel);
        long interactions = jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM interactions i "
                        + "JOIN slack_inbox s ON s.correlation_id = i.correlation_id WHERE s.event_id = :id")
                .bind("id", eventId).mapTo(Long.class).one());
        assertThat(interactions).as("the retry posts the stored answer; the pipeline ran once").isEqualTo(1);
    }

    @Test
    void aFailedEventsApologyTakesTheAnswersPlaceAndARequeueUpdatesItNeverASecondMessage() throws Exception {
        String channel = channel();
        String eventId = eventId();
        // A permanent refusal of the answer: the event fails at once, and the apology is posted in its place.
        SLACK.answerErrorNext("chat.postMessage", "invalid_blocks");

        assertThat(slack.deliver(SlackDeliveries.message("app_mention", eventId, channel, "hi")).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(eventId).equals("failed"));
        List<FakeSlack.Posted> posted = SLACK.postedIn(channel);
        assertThat(posted).singleElement()
                .satisfies(post -> assertThat(post.fields().get("text")).startsWith("Sorry, I could not answer"));
        assertProgressShownThenCleared(channel);

        HttpResponse<String> requeue = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + APP.getAdminPort()
                        + "/tasks/slack-requeue-failed?eventId=" + eventId))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(requeue.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(eventId).equals("done"));
        assertThat(SLACK.postedIn(channel)).as("still one message").hasSize(1);
        assertThat(callsIn("chat.update", channel)).singleElement().satisfies(update -> {
            assertThat(update.get("ts")).isEqualTo(posted.get(0).ts());
            assertThat(update.get("text")).doesNotStartWith("Sorry");
        });
    }

    @Test
    void aRowAnEarlierAttemptLeftInsideItsPostIsPostedAgainCountedAndLogged() throws Exception {
        // As a process killed inside chat.postMessage leaves it: answer stored, posting begun, no ts recorded.
        String channel = channel();
        String eventId = eventId();
        long now = System.currentTimeMillis();
        String payload = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"app_mention\",\"text\":\"hi\","
                + "\"userId\":\"U0REP0001\",\"channelId\":\"" + channel + "\",\"ts\":\"1700000000.000001\"}";
        String stored = io.dropwizard.jackson.Jackson.newObjectMapper()
                .writeValueAsString(com.pitcrew.pipeline.Reply.text("the stored answer"));
        long repostedBefore = APP.getEnvironment().metrics().meter("pitcrew.slack.inbox.answer_reposted").getCount();
        try (LogCapture logs = new LogCapture()) {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO slack_inbox (event_id, correlation_id, "
                            + "event_type, channel_id, payload, status, attempts, next_attempt_at, reply_json, "
                            + "answer_posting_at, received_at, updated_at) VALUES (:id, 'feedf00d', 'app_mention', "
                            + ":channel, :payload, 'pending', 1, :now, :reply, :now, :now, :now)")
                    .bind("id", eventId).bind("channel", channel).bind("payload", payload).bind("reply", stored)
                    .bind("now", now).execute());
            slack.deliver(SlackDeliveries.message("app_mention", eventId(), channel(), "wake the worker"));

            await().atMost(Duration.ofSeconds(20)).until(() -> status(eventId).equals("done"));
            assertThat(SLACK.postedIn(channel)).singleElement()
                    .satisfies(post -> assertThat(post.fields().get("text")).contains("the stored answer"));
            assertThat(APP.getEnvironment().metrics().meter("pitcrew.slack.inbox.answer_reposted").getCount())
                    .isEqualTo(repostedBefore + 1);
            assertThat(logs.linesWithMessage(
                    "An earlier attempt stopped inside posting this answer; posting it again may show it twice"))
                    .singleElement().satisfies(line -> assertThat(line.path("eventId").asText()).isEqualTo(eventId));
        }
    }

    @Test
    void aProgressSignAlreadyThereOrAlreadyGoneIsFine() {
        String channel = channel();
        String eventId = eventId();
        long notShown = APP.getEnvironment().metrics().meter("pitcrew.slack.progress.not_shown").getCount();
        long notCleared = APP.getEnvironment().metrics().meter("pitcrew.slack.progress.not_cleared").getCount();
        // What Slack answers when an earlier attempt already added the reaction, or it was already removed.
        SLACK.answerErrorNext("reactions.add", "already_reacted");
        SLACK.answerErrorNext("reactions.remove", "no_reaction");

        assertThat(slack.deliver(SlackDeliveries.message("app_mention", eventId, channel, "hi")).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(eventId).equals("done"));
        assertThat(SLACK.postedIn(channel)).hasSize(1);
        assertThat(callsIn("reactions.remove", channel)).as("no_reaction is not retried").hasSize(1);
        assertThat(APP.getEnvironment().metrics().meter("pitcrew.slack.progress.not_shown").getCount())
                .isEqualTo(notShown);
        assertThat(APP.getEnvironment().metrics().meter("pitcrew.slack.progress.not_cleared").getCount())
                .isEqualTo(notCleared);
    }

    @Test
    void anEventThatKeepsFailingIsMarkedFailedAfterItsAttempts() {
        String channel = channel();
        String eventId = eventId();
        SLACK.failAlways("chat.postMessage", channel);
        long failedBefore = APP.getEnvironment().metrics().meter("pitcrew.slack.inbox.failed").getCount();

        assertThat(slack.deliver(SlackDeliveries.message("app_mention", eventId, channel, "hi")).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(eventId).equals("failed"));
        assertThat(callsIn("chat.postMessage", channel)).as("3 attempts, then the apology's").hasSize(4);
        assertThat(SLACK.postedIn(channel)).isEmpty();
        assertProgressShownThenCleared(channel);
        assertThat(APP.getEnvironment().metrics().meter("pitcrew.slack.inbox.failed").getCount())
                .isEqualTo(failedBefore + 1);
    }

    @Test
    void thumbsOnOurRepliesAreStoredOnceAndTiedToTheRequest() {
        String channel = channel();
        slack.deliver(SlackDeliveries.message("app_mention", eventId(), channel, "hello"));
        String replyTs = awaitAnswer(channel).get("ts");

        Map<String, String> thumbsUp = Map.of("EVENT_ID", eventId(), "CHANNEL", channel, "TS", replyTs,
                "TEXT", "+1::skin-tone-3");
        String reaction = SlackDeliveries.payload("reaction_added", thumbsUp);
        assertThat(slack.deliver(reaction).statusCode()).isEqualTo(200);
        assertThat(slack.deliver(reaction).statusCode()).as("a retry").isEqualTo(200);
        slack.deliver(SlackDeliveries.payload("reaction_added", Map.of("EVENT_ID", eventId(), "CHANNEL", channel,
                "TS", replyTs, "TEXT", "eyes")));
        slack.deliver(SlackDeliveries.payload("reaction_added", Map.of("EVENT_ID", eventId(), "CHANNEL", channel,
                "TS", "1600000000.000001", "TEXT", "-1")));

        List<String> stored = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT reaction FROM interaction_feedback WHERE channel_id = :channel")
                .bind("channel", channel).mapTo(String.class).list());
        assertThat(stored).containsExactly("+1");
        long joined = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) FROM interaction_feedback f JOIN interactions i
                          ON i.channel_id = f.channel_id AND i.reply_ts = f.reply_ts
                        WHERE f.channel_id = :channel""")
                .bind("channel", channel).mapTo(Long.class).one());
        assertThat(joined).isEqualTo(1);
    }

    @Test
    void secretsNeverReachTheLogs() {
        String channel = channel();
        try (LogCapture logs = new LogCapture()) {
            slack.deliver(SlackDeliveries.message("app_mention", eventId(), channel, "hello"));
            slack.deliver("{\"type\":\"event_callback\"}", "1", "v0=00", Map.of());
            awaitAnswer(channel);

            assertThat(logs.lines()).isNotEmpty().noneSatisfy(line -> assertThat(line.toString())
                    .containsAnyOf(SlackDeliveries.SIGNING_SECRET, SlackDeliveries.BOT_TOKEN));
            assertThat(logs.linesWithMessage("Slack event stored")).singleElement()
                    .satisfies(line -> assertThat(line.path("correlationId").asText()).matches("[0-9a-f]{8}"));
        }
    }

    @Test
    void badInputIsRefusedWithAReasonAndNothingIsStored() {
        long rowsBefore = SlackTestApps.inboxRows(jdbi);
        String body = SlackDeliveries.message("app_mention", eventId(), channel(), "hi");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        String ts = Long.toString(now);
        // Well past the 300 s limit, so a second ticking over between here and the server cannot matter.
        String stale = Long.toString(now - 330);
        String future = Long.toString(now + 330);
        String signature = SlackSigning.sign(SlackDeliveries.SIGNING_SECRET, ts, bytes);

        record Case(String reason, int status, HttpResponse<String> response) {
        }
        String malformed = "{\"type\":\"event_callback\",";
        String unknown = "{\"type\":\"block_actions\",\"actions\":[]}";
        String huge = "{\"type\":\"event_callback\",\"pad\":\"" + "x".repeat(EventGate.MAX_BODY_BYTES) + "\"}";
        List<Case> cases = List.of(
                new Case("bad_signature", 401, slack.deliver(body.replace("hi", "ho"), ts, signature, Map.of())),
                new Case("bad_signature", 401, slack.deliver(body, ts,
                        SlackSigning.sign("some-other-secret", ts, bytes), Map.of())),
                new Case("stale_timestamp", 401, slack.deliver(body, stale,
                        SlackSigning.sign(SlackDeliveries.SIGNING_SECRET, stale, bytes), Map.of())),
                new Case("future_timestamp", 401, slack.deliver(body, future,
                        SlackSigning.sign(SlackDeliveries.SIGNING_SECRET, future, bytes), Map.of())),
                new Case("missing_signature", 401, slack.deliver(body, null, null, Map.of())),
                new Case("missing_signature", 401, slack.deliver(body, ts, null, Map.of())),
                new Case("malformed_json", 400, slack.deliver(malformed)),
                new Case("unknown_type", 400, slack.deliver(unknown)),
                new Case("too_large", 413, slack.deliver(huge)));

        for (Case c : cases) {
            assertThat(c.response().statusCode()).as(c.reason()).isEqualTo(c.status());
            assertThat(c.response().body()).as(c.reason()).contains("\"error\":\"" + c.reason() + "\"");
            assertThat(rejected(c.reason())).as(c.reason()).isPositive();
        }
        assertThat(SlackTestApps.inboxRows(jdbi)).isEqualTo(rowsBefore);
        assertThat(SLACK.calls("chat.postMessage")).noneMatch(call -> body.contains(call.get("channel")));
    }

    @Test
    void idsLongerThanTheirColumnsAndQuestionsWithoutAChannelAre400sAndNothingIsStored() {
        long rowsBefore = SlackTestApps.inboxRows(jdbi);
        String channel = channel();
        String mention = SlackDeliveries.message("app_mention", eventId(), channel, "hi");
        String dm = SlackDeliveries.message("message_im", eventId(), "D" + channel.substring(1), "hi");
        String longId = "X".repeat(40);

        record Case(String reason, String message, String body) {
        }
        List<Case> cases = List.of(
                new Case("field_too_long", "event_id is longer than 64 characters",
                        SlackDeliveries.message("app_mention", "Ev" + "1".repeat(70), channel, "hi")),
                new Case("field_too_long", "team_id is longer than 32 characters",
                        mention.replace("\"team_id\":\"T0PITCREW\"", "\"team_id\":\"T" + longId + "\"")),
                new Case("field_too_long", "event.channel is longer than 32 characters",
                        SlackDeliveries.message("app_mention", eventId(), "C" + longId, "hi")),
                new Case("field_too_long", "event.user is longer than 32 characters",
                        mention.replace("\"user\":\"U0REP0001\"", "\"user\":\"U" + longId + "\"")),
                new Case("malformed_event", "event.channel is not a string",
                        mention.replace("\"channel\":\"" + channel + "\"", "\"channel\":{\"id\":1}")),
                new Case("missing_field", "event.channel is required for a app_mention event",
                        mention.replace("\"channel\":\"" + channel + "\",", "")),
                new Case("missing_field", "event.channel is required for a message event",
                        dm.replaceAll("\"channel\":\"D[A-Z0-9]+\",", "")),
                new Case("missing_field", "event.item.ts is required for a reaction_added event",
                        SlackDeliveries.payload("reaction_added", Map.of("EVENT_ID", eventId(), "CHANNEL", channel,
                                "TS", "1700000000.000001", "TEXT", "+1")).replace(",\"ts\":\"1700000000.000001\"",
                                "")));

        for (Case c : cases) {
            long before = rejected(c.reason());
            HttpResponse<String> response = slack.deliver(c.body());
            assertThat(response.statusCode()).as(c.message()).isEqualTo(400);
            assertThat(response.body()).as(c.message()).contains("\"error\":\"" + c.reason() + "\"")
                    .contains(c.message());
            assertThat(rejected(c.reason())).as(c.message()).isEqualTo(before + 1);
        }
        assertThat(SlackTestApps.inboxRows(jdbi)).isEqualTo(rowsBefore);
        assertThat(SLACK.calls("chat.postMessage")).noneMatch(call -> call.get("channel").endsWith(channel.substring(1)));
    }

    @Test
    void aPoisonRowIsMarkedFailedOnItsFirstAttemptAndNotRetried() {
        // Stored before the front door checked channels: the worker cannot answer it, now or ever.
        String eventId = eventId();
        long now = System.currentTimeMillis();
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO slack_inbox (event_id, correlation_id, event_type, "
                        + "payload, status, attempts, next_attempt_at, received_at, updated_at) VALUES (:id, "
                        + "'0badf00d', 'app_mention', :payload, 'pending', 0, :now, :now, :now)")
                .bind("id", eventId).bind("now", now)
                .bind("payload", "{\"eventId\":\"" + eventId + "\",\"eventType\":\"app_mention\",\"text\":\"hi\","
                        + "\"userId\":\"U0REP0001\",\"ts\":\"1700000000.000001\"}")
                .execute());
        long poisonBefore = APP.getEnvironment().metrics().meter("pitcrew.slack.inbox.poison").getCount();
        slack.deliver(SlackDeliveries.message("app_mention", eventId(), channel(), "wake the worker"));

        await().atMost(Duration.ofSeconds(20)).until(() -> status(eventId).equals("failed"));
        int attempts = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT attempts FROM slack_inbox WHERE event_id = :id").bind("id", eventId).mapTo(Integer.class).one());
        assertThat(attempts).as("failed once, not retried").isEqualTo(1);
        assertThat(APP.getEnvironment().metrics().meter("pitcrew.slack.inbox.poison").getCount())
                .isEqualTo(poisonBefore + 1);
    }

    @Test
    void anLlmAnswerCannotMentionAnyoneAndItsMarkdownBecomesMrkdwn() {
        String channel = channel();
        assertThat(slack.deliver(SlackDeliveries.message("app_mention", eventId(), channel,
                "does the Growth plan include SSO? " + HoldingLlm.INJECT)).statusCode()).isEqualTo(200);

        Map<String, String> answer = awaitAnswer(channel);
        // Each section's text object: {"type":"section","text":{"type":"mrkdwn","text":"…"}}.
        String blocks = String.join("\n", readJson(answer.get("blocks")).findValues("text").stream()
                .map(text -> text.path("text").asText()).toList());
        for (String field : List.of(blocks, answer.get("text"))) {
            assertThat(field)
                    .contains("&lt;!channel&gt;", "&lt;!here&gt;", "&lt;@U0BOSS&gt;", "&lt;!subteam^S0SALES&gt;")
                    .doesNotContain("<!channel>", "<!here>", "<@U0BOSS>", "<!subteam")
                    .contains("*Growth* includes SSO", "<https://beacon.example/plans?a=1&amp;b=2|the plan page>",
                            "• one");
        }
        assertThat(readJson(answer.get("blocks")).findValues("verbatim")).isNotEmpty()
                .allSatisfy(verbatim -> assertThat(verbatim.asBoolean()).isTrue());
        assertThat(blocks).doesNotContain("## Plans").startsWith("*Plans*");
    }

    private static JsonNode readJson(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
