package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events}: a thin door to Bolt. The {@link EventGate} refuses what is not a genuine Slack payload
 * before anything is stored; Bolt does the rest and its response is passed back as is. Without credentials every
 * request gets 503 saying so. Thread-safe: immutable, collaborators are.
 */
@Path("/slack/events")
public final class SlackEventsResource {

    private static final String PATH = "/slack/events";
    private static final Logger LOG = LoggerFactory.getLogger(SlackEventsResource.class);
    static final String NOT_CONFIGURED = "Slack is not configured on this instance: set SLACK_SIGNING_SECRET and "
            + "SLACK_BOT_TOKEN";

    /** What a configured door needs. */
    record Door(EventGate gate, App app, SlackRequestParser parser) {
    }

    private final Optional<Door> door;
    private final MetricRegistry metrics;

    SlackEventsResource(Optional<Door> door, MetricRegistry metrics) {
        this.door = door;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(@Context HttpHeaders headers, @Context UriInfo uri, InputStream body) {
        if (door.isEmpty()) {
            return SlackHttp.error(503, "not_configured", NOT_CONFIGURED);
        }
        try (Timer.Context ignored = metrics.timer("pitcrew.slack.ack").time()) {
            if (headers.getLength() > EventGate.MAX_BODY_BYTES) {
                return SlackHttp.reject(EventGate.tooLarge(), PATH, metrics);
            }
            byte[] raw = body == null ? new byte[0] : body.readNBytes(EventGate.MAX_BODY_BYTES + 1);
            EventGate.Verdict verdict = door.get().gate().check(
                    SlackHttp.header(headers, SlackSigning.TIMESTAMP_HEADER),
                    SlackHttp.header(headers, SlackSigning.SIGNATURE_HEADER), raw);
            if (verdict instanceof EventGate.Rejected rejected) {
                return SlackHttp.reject(rejected, PATH, metrics);
            }
            EventGate.Accepted accepted = (EventGate.Accepted) verdict;
            if (accepted.type().equals(EventGate.APP_RATE_LIMITED)) {
                // Slack tells us it is dropping events for a while; nothing to store, the 200 is all it wants.
                metrics.meter("pitcrew.slack.app_rate_limited").mark();
                LOG.warn("Slack reports our app is rate-limited; events are being dropped by Slack");
                return Response.ok().build();
            }
            return runBolt(headers, uri, new String(raw, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return SlackHttp.error(400, "unreadable_body", "request body could not be read");
        } catch (Exception e) {
            // Storing failed (database down): a 500 makes Slack retry, so the event is not lost.
            metrics.meter("pitcrew.slack.events.error").mark();
            LOG.error("Slack event could not be stored; Slack will retry it", e);
            return SlackHttp.error(500, "internal_error", "event not stored; retry later");
        }
    }

    private Response runBolt(HttpHeaders headers, UriInfo uri, String body) throws Exception {
        Door configured = door.get();
        Request<?> request = configured.parser().parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(uri.getRequestUri().getPath())
                .queryString(Map.copyOf(uri.getQueryParameters()))
                .headers(new RequestHeaders(Map.copyOf(headers.getRequestHeaders())))
                .requestBody(body)
                .build());
        if (request == null) {
            return SlackHttp.reject(new EventGate.Rejected(400, "unknown_type",
                    "payload type is not one this endpoint handles"), PATH, metrics);
        }
        com.slack.api.bolt.response.Response response = configured.app().run(request);
        Response.ResponseBuilder builder = Response.status(response.getStatusCode());
        if (response.getContentType() != null) {
            builder.type(response.getContentType());
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        }
        if (response.getBody() != null) {
            builder.entity(response.getBody());
        }
        return builder.build();
    }
}
