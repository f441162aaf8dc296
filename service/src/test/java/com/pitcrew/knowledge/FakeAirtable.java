package com.pitcrew.knowledge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.List;
import java.util.Map;

/**
 * A local fake of Airtable's REST API on a real socket (WireMock), with helpers for the calls PitCrew makes. Its base
 * and webhook ids are those of the published MAC test vector, so the vector's body is a valid ping for it.
 */
final class FakeAirtable implements AutoCloseable {

    static final String BASE = "app00000000000000";
    static final String WEBHOOK = "ach00000000000000";
    static final String TOKEN = "patSECRET.do-not-log-this-token";
    /** Table ids of the fake base, as webhook payloads name them. */
    static final Map<ProductTable, String> TABLE_IDS = Map.of(
            ProductTable.PLANS, "tblPlans000000000", ProductTable.FEATURES, "tblFeatures000000",
            ProductTable.INTEGRATIONS, "tblIntegrations00", ProductTable.COMPLIANCE, "tblCompliance0000",
            ProductTable.FAQS, "tblFaqs0000000000");

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    FakeAirtable() {
        server.start();
    }

    WireMockServer server() {
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    AirtableConfiguration configuration() {
        AirtableConfiguration configuration = new AirtableConfiguration();
        configuration.setToken(TOKEN);
        configuration.setBaseId(BASE);
        configuration.setApiUrl(url());
        configuration.setWebhookId(WEBHOOK);
        configuration.setWebhookMacSecret(AirtableMacTest.SECRET);
        return configuration;
    }

    static String recordsPath(String table) {
        return "/v0/" + BASE + "/" + table;
    }

    static String payloadsPath() {
        return "/v0/bases/" + BASE + "/webhooks/" + WEBHOOK + "/payloads";
    }

    /** One page of a table (unfiltered list). */
    void stubTable(ProductTable table, List<ObjectNode> records) {
        server.stubFor(get(urlPathEqualTo(recordsPath(table.airtableName())))
                .withQueryParam("filterByFormula", WireMock.absent())
                .willReturn(okJson(Records.page(records, null))));
    }

    /** Every table answers with the shipped sample's records: Airtable holding the world.md base. */
    void stubSampleTables() {
        for (ProductTable table : ProductTable.values()) {
            String resource = SampleBase.LOCATION + table.airtableName() + ".json";
            try (var in = FakeAirtable.class.getClassLoader().getResourceAsStream(resource)) {
                server.stubFor(get(urlPathEqualTo(recordsPath(table.airtableName())))
                        .withQueryParam("filterByFormula", WireMock.absent())
                        .willReturn(okJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    void stubEmptyTables() {
        for (ProductTable table : ProductTable.values()) {
            stubTable(table, List.of());
        }
    }

    /** What a filtered re-read of records by id (webhook path) answers for a table id. */
    void stubRecordsById(ProductTable table, List<ObjectNode> records) {
        server.stubFor(get(urlPathEqualTo(recordsPath(TABLE_IDS.get(table))))
                .withQueryParam("filterByFormula", WireMock.matching("OR\\(.*"))
                .willReturn(okJson(Records.page(records, null))));
    }

    void stubTableNames() {
        ObjectNode answer = Records.JSON.createObjectNode();
        ArrayNode tables = answer.putArray("tables");
        TABLE_IDS.forEach((table, id) -> tables.addObject().put("id", id).put("name", table.airtableName()));
        tables.addObject().put("id", "tblOther000000000").put("name", "Marketing calendar");
        server.stubFor(get(urlPathEqualTo("/v0/meta/bases/" + BASE + "/tables")).willReturn(okJson(answer.toString())));
    }

    /** Payloads from {@code cursor}: the page answer with the next cursor. */
    void stubPayloads(long cursor, long nextCursor, boolean mightHaveMore, List<ObjectNode> payloads) {
        ObjectNode answer = Records.JSON.createObjectNode().put("cursor", nextCursor).put("mightHaveMore", mightHaveMore);
        ArrayNode array = answer.putArray("payloads");
        payloads.forEach(array::add);
        server.stubFor(get(urlPathEqualTo(payloadsPath())).withQueryParam("cursor", WireMock.equalTo(Long.toString(cursor)))
                .willReturn(okJson(answer.toString())));
    }

    void stubRefresh(String expirationTime) {
        server.stubFor(post(urlPathEqualTo("/v0/bases/" + BASE + "/webhooks/" + WEBHOOK + "/refresh"))
                .willReturn(okJson("{\"expirationTime\":\"" + expirationTime + "\"}")));
    }

    /** A payload saying records were changed and destroyed in one table. */
    static ObjectNode payload(ProductTable table, List<String> changed, List<String> destroyed) {
        ObjectNode payload = Records.JSON.createObjectNode().put("timestamp", "2026-11-25T12:00:00.000Z")
                .put("baseTransactionNumber", 7).put("payloadFormat", "v0");
        ObjectNode changes = payload.putObject("changedTablesById").putObject(TABLE_IDS.get(table));
        ObjectNode changedById = changes.putObject("changedRecordsById");
        changed.forEach(id -> changedById.putObject(id).putObject("current").putObject("cellValuesByFieldId")
                .put("fldName0000000000", "new"));
        ArrayNode destroyedIds = changes.putArray("destroyedRecordIds");
        destroyed.forEach(destroyedIds::add);
        return payload;
    }

    void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder status(int status) {
        return aResponse().withStatus(status);
    }

    @Override
    public void close() {
        server.stop();
    }
}
