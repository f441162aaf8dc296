package com.pitcrew.knowledge;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** {@code POST /airtable/webhook}: hands the raw bytes to {@link WebhookReceiver} and maps its outcome to HTTP. */
@Path("/airtable/webhook")
public final class AirtableWebhookResource {

    /** Airtable pings are a few hundred bytes; anything this large is not one. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final WebhookReceiver receiver;

    AirtableWebhookResource(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@HeaderParam(AirtableMac.HEADER) String mac, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return Response.status(413).entity(Map.of("error", "body too large")).build();
        }
        WebhookReceiver.Outcome outcome = receiver.receive(bytes, Optional.ofNullable(mac));
        Response.ResponseBuilder response = Response.status(outcome.status());
        outcome.reason().ifPresent(reason -> response.entity(Map.of("error", reason)));
        return response.build();
    }
}
