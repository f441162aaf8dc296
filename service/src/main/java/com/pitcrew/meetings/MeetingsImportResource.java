package com.pitcrew.meetings;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import com.codahale.metrics.MetricRegistry;

/**
 * {@code POST /meetings} on the public port: one call document (our JSON shape) per request, authenticated by the
 * bearer token in {@code MEETINGS_IMPORT_TOKEN}. 201 for a new call, 200 for a replaced one; 401 without the token,
 * 413 over the size limit, 400 with the reason (and line) for a bad document, which stores nothing; 503 when no
 * token is configured. Each refusal is counted in {@code pitcrew.meetings.api.rejected.<reason>}.
 */
@Path("/meetings")
public final class MeetingsImportResource {

    private final Optional<byte[]> token;
    private final long maxBytes;
    private final MeetingImporter importer;
    private final MetricRegistry metrics;

    MeetingsImportResource(MeetingsConfiguration configuration, MeetingImporter importer, MetricRegistry metrics) {
        this.token = configuration.importToken().map(value -> value.getBytes(StandardCharsets.UTF_8));
        this.maxBytes = configuration.maxImportBytes();
        this.importer = importer;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importCall(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body)
            throws IOException {
        if (token.isEmpty()) {
            return refuse(503, "import_disabled", "imports over HTTP are off: set MEETINGS_IMPORT_TOKEN");
        }
        if (!authorised(authorization)) {
            return refuse(401, "unauthorized", "a valid 'Authorization: Bearer <MEETINGS_IMPORT_TOKEN>' is required");
        }
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            return refuse(413, "too_large", "the body is larger than " + maxBytes + " bytes");
        }
        try {
            MeetingImporter.Imported imported = importer.importDocument(bytes);
            Map<String, Object> entity = new LinkedHashMap<>();
            entity.put("id", imported.id());
            entity.put("account", imported.account());
            entity.put("turns", imported.turns());
            entity.put("replaced", imported.replaced());
            return Response.status(imported.replaced() ? 200 : 201).entity(entity).build();
        } catch (ImportException e) {
            Map<String, Object> entity = new LinkedHashMap<>();
            entity.put("error", "bad_call");
            entity.put("reason", e.getMessage());
            e.line().ifPresent(line -> entity.put("line", line));
            metrics.counter("pitcrew.meetings.api.rejected.bad_call").inc();
            return Response.status(400).entity(entity).build();
        }
    }

    private boolean authorised(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.get()); // constant time for equal lengths
    }

    private Response refuse(int status, String error, String reason) {
        metrics.counter("pitcrew.meetings.api.rejected." + error).inc();
        return Response.status(status).entity(Map.of("error", error, "reason", reason)).build();
    }
}
