package com.pitcrew.knowledge;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AirtableClientTest {

    private final FakeAirtable airtable = new FakeAirtable();
    private final FakeTime time = new FakeTime();

    @AfterEach
    void stop() {
        airtable.close();
    }

    private AirtableClient client() {
        return AirtableClient.create(airtable.configuration(), Records.JSON, time, time);
    }

    private static List<ObjectNode> features(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> Records.airtableFeature(String.format("recF%05d", i), "Feature " + i, "about " + i))
                .toList();
    }

    private void stubPages(int pages) {
        String path = FakeAirtable.recordsPath("Features");
        for (int page = 0; page < pages; page++) {
            String offset = page == pages - 1 ? null : "itr" + (page + 1);
            var mapping = get(urlPathEqualTo(path)).withQueryParam("pageSize", equalTo("100"));
            mapping = page == 0 ? mapping.withQueryParam("offset", WireMock.absent())
                    : mapping.withQueryParam("offset", equalTo("itr" + page));
            int size = page == pages - 1 ? 50 : 100;
            airtable.stub(mapping.willReturn(okJson(Records.page(features(page * 100, page * 100 + size), offset))));
        }
    }

    @Test
    void followsOffsetsAcrossPagesWithTheTokenInTheHeaderOnly() {
        stubPages(3);
        List<Integer> progress = new ArrayList<>();
        List<AirtableRecord> records = client().listRecords("Features", Optional.empty(), progress::add);

        assertThat(records).hasSize(250);
        assertThat(records.get(0).id()).isEqualTo("recF00000");
        assertThat(records.get(249).id()).isEqualTo("recF00249");
        assertThat(progress).containsExactly(100, 200, 250);
        airtable.server().verify(3, getRequestedFor(urlPathEqualTo(FakeAirtable.recordsPath("Features")))
                .withHeader("Authorization", equalTo("Bearer " + FakeAirtable.TOKEN)));
        airtable.server().getAllServeEvents().forEach(event ->
                assertThat(event.getRequest().getUrl()).doesNotContain(FakeAirtable.TOKEN));
    }

    @Test
    void keepsToFiveRequestsPerSecond() {
        stubPages(12);
        List<AirtableRecord> records = client().listRecords("Features", Optional.empty(), count -> { });

        assertThat(records).hasSize(1150);
        // 12 requests at 5 per second: bursts start at 0 s, 1 s and 2 s of (fake) time.
        assertThat(time.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(time.pauses()).hasSize(2);
    }

    @Test
    void a429PausesTheConfiguredTimeAndResumes() {
        String path = FakeAirtable.recordsPath("Features");
        airtable.stub(get(urlPathEqualTo(path)).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(FakeAirtable.status(429).withBody("{\"errors\":[{\"error\":\"RATE_LIMIT_REACHED\"}]}"))
                .willSetStateTo("limited-once"));
        airtable.stub(get(urlPathEqualTo(path)).inScenario("rate").whenScenarioStateIs("limited-once")
                .willReturn(FakeAirtable.status(429)).willSetStateTo("recovered"));
        airtable.stub(get(urlPathEqualTo(path)).inScenario("rate").whenScenarioStateIs("recovered")
                .willReturn(okJson(Records.page(features(0, 3), null))));

        List<AirtableRecord> records = client().listRecords("Features", Optional.empty(), count -> { });

        assertThat(records).hasSize(3);
        assertThat(time.pauses()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithoutNamingTheToken() {
        airtable.stub(get(urlPathEqualTo(FakeAirtable.recordsPath("Features"))).willReturn(FakeAirtable.status(429)));

        assertThatThrownBy(() -> client().listRecords("Features", Optional.empty(), count -> { }))
                .isInstanceOf(AirtableException.class)
                .hasMessageContaining("GET /v0/" + FakeAirtable.BASE + "/Features answered HTTP 429")
                .hasMessageNotContaining(FakeAirtable.TOKEN);
        assertThat(time.pauses()).hasSize(5);
    }

    @Test
    void followsWebhookPayloadCursorsAndRefreshes() {
        airtable.stubPayloads(4, 9, true, List.of(FakeAirtable.payload(ProductTable.FEATURES, List.of("recA"), List.of())));
        airtable.stubRefresh("2026-12-02T12:00:00.000Z");

        AirtableClient.PayloadPage page = client().payloads(FakeAirtable.WEBHOOK, 4);
        assertThat(page.cursor()).isEqualTo(9);
        assertThat(page.mightHaveMore()).isTrue();
        assertThat(page.payloads()).hasSize(1);
        assertThat(client().refreshWebhook(FakeAirtable.WEBHOOK)).hasToString("2026-12-02T12:00:00Z");
    }
}
