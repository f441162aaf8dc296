package com.pitcrew.slack;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.observability.LogFields;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the Slack endpoints answer alike: refusals as JSON with a reason, counted and logged. Stateless. */
final class SlackHttp {

    private static final Logger LOG = LoggerFactory.getLogger(SlackHttp.class);

    private SlackHttp() {
    }

    static Response reject(EventGate.Rejected rejected, String endpoint, MetricRegistry metrics) {
        metrics.counter("pitcrew.slack.rejected." + rejected.reason()).inc();
        LOG.warn("Slack request rejected", LogFields.of("endpoint", endpoint, "reason", rejected.reason(),
                "status", rejected.status()));
        return error(rejected.status(), rejected.reason(), rejected.message());
    }

    static Response error(int status, String reason, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", reason, "message", message)).build();
    }

    static Optional<String> header(HttpHeaders headers, String name) {
        List<String> values = headers.getRequestHeader(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
