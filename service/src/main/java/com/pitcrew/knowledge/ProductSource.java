package com.pitcrew.knowledge;

import java.util.List;
import java.util.function.IntConsumer;

/** Where a full sync reads the product base from: Airtable, or the sample base shipped in the jar. */
interface ProductSource {

    /** Names the source in logs and reports. */
    String describe();

    /** Every record of one table; {@code onPage} hears the running count on long reads. */
    List<AirtableRecord> records(ProductTable table, IntConsumer onPage);

    static ProductSource airtable(AirtableClient client) {
        return new ProductSource() {
            @Override
            public String describe() {
                return "Airtable base " + client.baseId();
            }

            @Override
            public List<AirtableRecord> records(ProductTable table, IntConsumer onPage) {
                return client.listRecords(table.airtableName(), java.util.Optional.empty(), onPage);
            }
        };
    }
}
