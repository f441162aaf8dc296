package com.pitcrew.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotFormatTest {

    @Test
    void theSameRecordsInAnyOrderRenderTheSameBytes() {
        Map<ProductTable, List<ProductRecord>> sample = Records.sample();
        RenderedSnapshot first = RenderedSnapshot.of(sample);
        for (long seed = 1; seed <= 5; seed++) {
            Map<ProductTable, List<ProductRecord>> shuffled = new EnumMap<>(ProductTable.class);
            Random random = new Random(seed);
            sample.forEach((table, records) -> {
                List<ProductRecord> copy = new ArrayList<>(records);
                Collections.shuffle(copy, random);
                shuffled.put(table, copy);
            });
            RenderedSnapshot again = RenderedSnapshot.of(shuffled);
            assertThat(again.content()).isEqualTo(first.content());
            assertThat(again.contentHash()).isEqualTo(first.contentHash());
        }
    }

    @Test
    void rendersEveryTableInOrderOneLinePerRecord() {
        RenderedSnapshot rendered = RenderedSnapshot.of(Records.sample());
        String content = rendered.content();
        assertThat(content).startsWith(SnapshotFormat.HEADER);
        assertThat(content.indexOf("## Plans")).isLessThan(content.indexOf("## Features"));
        assertThat(content.indexOf("## Compliance")).isLessThan(content.indexOf("## FAQs"));
        assertThat(content).contains("- Starter | $25 per seat per month | minimum 3 seats | ")
                .contains("- Enterprise | custom price per seat per month | annual contract, quoted by sales | minimum 50 seats | ")
                .contains("- SSO/SAML | plans: Growth, Enterprise | Single sign-on");
        assertThat(content.indexOf("- Starter")).as("plans from the smallest").isLessThan(content.indexOf("- Growth"));
        assertThat(rendered.counts()).containsEntry(ProductTable.PLANS, 3).containsEntry(ProductTable.FEATURES, 6)
                .containsEntry(ProductTable.INTEGRATIONS, 9).containsEntry(ProductTable.COMPLIANCE, 5)
                .containsEntry(ProductTable.FAQS, 8);
        assertThat(rendered.contentHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void entriesReadBackEveryRecordWithTitleAndDetail() {
        String content = RenderedSnapshot.of(Records.sample()).content();
        List<SnapshotFormat.Entry> entries = SnapshotFormat.entries(content);
        assertThat(entries).hasSize(31);
        assertThat(entries).contains(new SnapshotFormat.Entry(ProductTable.FEATURES, "SSO/SAML",
                "plans: Growth, Enterprise | Single sign-on through SAML 2.0 with Okta, Azure AD, Google Workspace or "
                        + "any SAML identity provider; enforce SSO for all users."));
    }

    @Test
    void lineBreaksInsideValuesStayOnOneLine() {
        ProductRecord multiline = Records.feature("recMulti", "Multi", "first line\nsecond line\r\n third", "Growth");
        String content = RenderedSnapshot.of(Map.of(ProductTable.FEATURES, List.of(multiline))).content();
        assertThat(content).contains("- Multi | plans: Growth | first line second line third\n");
    }
}
