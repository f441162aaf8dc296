package com.pitcrew;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.pitcrew.knowledge.AirtableConfiguration;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.storage.StorageConfiguration;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The whole configuration: one typed section per feature; {@code config.yml} documents every key. */
public class PitCrewConfiguration extends Configuration {

    @Valid
    @NotNull
    @JsonProperty("database")
    private StorageConfiguration database = new StorageConfiguration();

    @Valid
    @NotNull
    @JsonProperty("llm")
    private LlmConfiguration llm = new LlmConfiguration();

    @Valid
    @NotNull
    @JsonProperty("airtable")
    private AirtableConfiguration airtable = new AirtableConfiguration();

    public StorageConfiguration getDatabase() {
        return database;
    }

    public LlmConfiguration getLlm() {
        return llm;
    }

    public AirtableConfiguration getAirtable() {
        return airtable;
    }
}
