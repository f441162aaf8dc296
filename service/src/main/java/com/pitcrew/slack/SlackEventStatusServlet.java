package com.pitcrew.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Admin port, read-only: {@code GET /slack-event?eventId=Ev...} answers what became of one stored Slack event (its
 * inbox status, when it was received and answered) and the interaction it produced (intent, validation, flag,
 * outcome, time). The smoke check reads replies here, so it works against a real workspace too. Stateless:
 * thread-safe.
 */
final class SlackEventStatusServlet extends HttpServlet {

    static final String PATH = "/slack-event";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENT_ID = 64;

    private final transient Jdbi jdbi;

    SlackEventStatusServlet(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String eventId = request.getParameter("eventId");
        if (eventId == null || eventId.isBlank() || eventId.length() > MAX_EVENT_ID) {
            write(response, HttpServletResponse.SC_BAD_REQUEST,
                    Map.of("error", "name one event: eventId=Ev... (at most " + MAX_EVENT_ID + " characters)"));
            return;
        }
        Optional<Map<String, Object>> status = find(eventId);
        if (status.isEmpty()) {
            write(response, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "no stored event " + eventId));
            return;
        }
        write(response, HttpServletResponse.SC_OK, status.get());
    }

    private Optional<Map<String, Object>> find(String eventId) {
        // A retried event may have recorded more than one interaction: the newest is the one that was answered.
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT s.event_id, s.correlation_id, s.status, s.attempts, s.received_at, s.updated_at,
                            s.last_error, i.intent, i.confidence, i.validation, i.flag_on, i.outcome, i.total_ms
                        FROM slack_inbox s LEFT JOIN interactions i ON i.correlation_id = s.correlation_id
                        WHERE s.event_id = :eventId ORDER BY i.id DESC""")
                .bind("eventId", eventId)
                .setMaxRows(1)
                .map((rs, ctx) -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("eventId", rs.getString("event_id"));
                    fields.put("correlationId", rs.getString("correlation_id"));
                    String inboxStatus = rs.getString("status");
                    fields.put("status", inboxStatus);
                    fields.put("attempts", rs.getInt("attempts"));
                    fields.put("receivedAt", rs.getLong("received_at"));
                    if (SlackInbox.DONE.equals(inboxStatus)) {
                        fields.put("answeredAt", rs.getLong("updated_at"));
                    }
                    Optional.ofNullable(rs.getString("last_error")).ifPresent(error -> fields.put("lastError", error));
                    if (rs.getString("intent") != null) {
                        fields.put("intent", rs.getString("intent"));
                        fields.put("confidence", rs.getDouble("confidence"));
                        fields.put("validation", rs.getString("validation"));
                        fields.put("flag", rs.getBoolean("flag_on") ? "on" : "off");
                        fields.put("outcome", rs.getString("outcome"));
                        fields.put("totalTimeMs", rs.getLong("total_ms"));
                    }
                    return fields;
                })
                .findFirst());
    }

    private static void write(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
