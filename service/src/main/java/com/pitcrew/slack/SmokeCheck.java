package com.pitcrew.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.intent.LabelledMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The staging check: plays Slack against a running deployment. For each labelled message it POSTs a signed
 * {@code app_mention} to {@code /slack/events}, then follows the event on the admin port ({@code /slack-event})
 * until it is answered, and compares the intent the service settled on with the label. One check at a time: not
 * thread-safe.
 */
public final class SmokeCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final URI events;
    private final URI admin;
    private final String signingSecret;
    private final Target target;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private long sequence;

    /** Where the events go: the Slack ids they carry (a real workspace needs its smoke channel). */
    public record Target(String teamId, String channelId, String userId) {
    }

    /** What became of one message. {@code verdict} is {@code ok}, {@code wrong intent} or why no reply came. */
    public record Result(LabelledMessage message, String eventId, Optional<String> intent,
                         Optional<String> validation, Optional<Long> replyMillis, String verdict) {
        public boolean passed() {
            return "ok".equals(verdict);
        }
    }

    public SmokeCheck(URI publicUrl, URI adminUrl, String signingSecret, Target target, Duration timeout, Clock clock) {
        this.events = publicUrl.resolve("/slack/events");
        this.admin = adminUrl.resolve(SlackEventStatusServlet.PATH);
        this.signingSecret = signingSecret;
        this.target = target;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Sends the messages one after the other, each waited for, so every reply time is that message's alone. */
    public List<Result> run(List<LabelledMessage> messages) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        for (LabelledMessage message : messages) {
            results.add(check(message));
        }
        return results;
    }

    private Result check(LabelledMessage message) throws InterruptedException {
        String eventId = "EvSMOKE" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                .toUpperCase(Locale.ROOT);
        String body = event(eventId, message.text());
        String timestamp = Long.toString(clock.millis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(events)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(SlackSigning.TIMESTAMP_HEADER, timestamp)
                .header(SlackSigning.SIGNATURE_HEADER,
                        SlackSigning.sign(signingSecret, timestamp, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> sent = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (sent.statusCode() != 200) {
                return missing(message, eventId, "no reply: /slack/events answered HTTP " + sent.statusCode() + " "
                        + sent.body().strip());
            }
        } catch (IOException e) {
            return missing(message, eventId, "no reply: cannot reach " + events + " (" + e.getMessage() + ")");
        }
        return await(message, eventId);
    }

    private Result await(LabelledMessage message, String eventId) throws InterruptedException {
        long deadline = clock.millis() + timeout.toMillis();
        String last = "not stored";
        while (clock.millis() < deadline) {
            Optional<JsonNode> status = status(eventId);
            if (status.isPresent()) {
                JsonNode node = status.get();
                String inboxStatus = node.path("status").asText();
                last = inboxStatus;
                if (SlackInbox.DONE.equals(inboxStatus) && node.hasNonNull("intent")) {
                    String intent = node.get("intent").asText();
                    long millis = node.path("answeredAt").asLong() - node.path("receivedAt").asLong();
                    return new Result(message, eventId, Optional.of(intent),
                            Optional.of(node.path("validation").asText()), Optional.of(millis),
                            intent.equals(message.intent().wireName()) ? "ok" : "wrong intent");
                }
                if (SlackInbox.FAILED.equals(inboxStatus)) {
                    return missing(message, eventId, "no reply: failed (" + node.path("lastError").asText() + ")");
                }
            }
            Thread.sleep(POLL.toMillis()); // a remote service's progress: polled, there is nothing to wait on
        }
        return missing(message, eventId, "no reply within " + timeout.toSeconds() + " s (" + last + ")");
    }

    private Optional<JsonNode> status(String eventId) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin + "?eventId=" + eventId))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // the admin port may blink during a deploy; the deadline decides
        }
    }

    private static Result missing(LabelledMessage message, String eventId, String why) {
        return new Result(message, eventId, Optional.empty(), Optional.empty(), Optional.empty(), why);
    }

    private String event(String eventId, String text) {
        long seconds = clock.millis() / 1000;
        String ts = seconds + "." + String.format(Locale.ROOT, "%06d", ++sequence);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "app_mention");
        event.put("user", target.userId());
        event.put("text", "<@U0PITCREW> " + text);
        event.put("ts", ts);
        event.put("channel", target.channelId());
        event.put("event_ts", ts);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("token", "smoke");
        payload.put("team_id", target.teamId());
        payload.put("api_app_id", "A0PITSMOKE");
        payload.put("type", "event_callback");
        payload.put("event_id", eventId);
        payload.put("event_time", seconds);
        payload.put("event", event);
        try {
            return JSON.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The printed table: message, expected and actual intent, skipped or validated, reply time, verdict. */
    public static String table(List<Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"message", "expected", "actual", "validation", "reply ms", "result"});
        for (Result result : results) {
            String text = result.message().text();
            rows.add(new String[] {text.length() > 48 ? text.substring(0, 47) + "…" : text,
                    result.message().intent().wireName(), result.intent().orElse("-"),
                    result.validation().orElse("-"), result.replyMillis().map(String::valueOf).orElse("-"),
                    result.verdict()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i]
                        : String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
            }
            out.append('\n');
        }
        long passed = results.stream().filter(Result::passed).count();
        out.append(passed).append(" of ").append(results.size()).append(" passed\n");
        return out.toString();
    }
}
