package com.pitcrew.knowledge;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pitcrew.observability.LogFields;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges one webhook notification: MAC over the raw bytes first (nothing about an unauthenticated body is read),
 * then its shape and base/webhook ids. An accepted ping only queues a catch-up, so the answer is immediate.
 * Thread-safe.
 */
final class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    /** The HTTP answer: 204 for accepted, 400/401 with a short reason. */
    record Outcome(int status, Optional<String> reason) {

        static final Outcome ACCEPTED = new Outcome(204, Optional.empty());

        static Outcome rejected(int status, String reason) {
            return new Outcome(status, Optional.of(reason));
        }
    }

    private final Optional<byte[]> macKey;
    private final String baseId;
    private final String webhookId;
    private final Optional<WebhookProcessor> processor;
    private final ObjectMapper json;
    private final MetricRegistry metrics;

    WebhookReceiver(Optional<byte[]> macKey, String baseId, String webhookId, Optional<WebhookProcessor> processor,
                    ObjectMapper json, MetricRegistry metrics) {
        this.macKey = macKey.map(byte[]::clone);
        this.baseId = baseId;
        this.webhookId = webhookId;
        this.processor = processor;
        this.json = json;
        this.metrics = metrics;
    }

    Outcome receive(byte[] body, Optional<String> macHeader) {
        if (macKey.isEmpty() || processor.isEmpty()) {
            return reject(401, "not_configured", "webhook not configured on this service");
        }
        if (macHeader.isEmpty()) {
            return reject(401, "bad_mac", "missing " + AirtableMac.HEADER);
        }
        if (!AirtableMac.verify(macKey.get(), body, macHeader.get())) {
            return reject(401, "bad_mac", "MAC does not match the body");
        }
        JsonNode ping;
        try {
            ping = json.readTree(body);
        } catch (IOException e) {
            return reject(400, "malformed", "body is not JSON");
        }
        if (ping == null || !ping.isObject() || !ping.path("base").path("id").isTextual()
                || !ping.path("webhook").path("id").isTextual()) {
            return reject(400, "malformed", "expected base.id and webhook.id");
        }
        if (!baseId.equals(ping.path("base").path("id").asText())) {
            return reject(400, "malformed", "unknown base");
        }
        if (!webhookId.equals(ping.path("webhook").path("id").asText())) {
            return reject(400, "malformed", "unknown webhook");
        }
        metrics.counter("pitcrew.knowledge.webhook.accepted").inc();
        LOG.info("Airtable webhook ping accepted", LogFields.of("webhookId", webhookId,
                "pingTimestamp", ping.path("timestamp").asText("")));
        processor.get().requestCatchUp();
        return Outcome.ACCEPTED;
    }

    private Outcome reject(int status, String kind, String reason) {
        metrics.counter("pitcrew.knowledge.webhook.rejected." + kind).inc();
        LOG.warn("Airtable webhook rejected", LogFields.of("status", status, "reason", reason));
        return Outcome.rejected(status, reason);
    }
}
