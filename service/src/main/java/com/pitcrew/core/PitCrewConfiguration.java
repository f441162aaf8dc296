package com.pitcrew.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.pitcrew.gong.GongConfiguration;
import com.pitcrew.intent.IntentConfiguration;
import com.pitcrew.knowledge.AirtableConfiguration;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.meetings.MeetingsConfiguration;
import com.pitcrew.retention.RetentionConfiguration;
import com.pitcrew.rollout.RolloutConfiguration;
import com.pitcrew.rollout.UnleashConfiguration;
import com.pitcrew.slack.SlackConfiguration;
import com.pitcrew.storage.StorageConfiguration;
import io.dropwizard.core.Configuration;
import io.dropwizard.validation.ValidationMethod;
import com.pitcrew.pipeline.PipelineConfiguration;
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
    @JsonProperty("intent")
    private IntentConfiguration intent = new IntentConfiguration();

    @Valid
    @NotNull
    @JsonProperty("pipeline")
    private PipelineConfiguration pipeline = new PipelineConfiguration();

    @Valid
    @NotNull
    @JsonProperty("unleash")
    private UnleashConfiguration unleash = new UnleashConfiguration();

    @Valid
    @NotNull
    @JsonProperty("rollout")
    private RolloutConfiguration rollout = new RolloutConfiguration();

    @Valid
    @NotNull
    @JsonProperty("slack")
    private SlackConfiguration slack = new SlackConfiguration();

    @Valid
    @NotNull
    @JsonProperty("airtable")
    private AirtableConfiguration airtable = new AirtableConfiguration();

    @Valid
    @NotNull
    @JsonProperty("meetings")
    private MeetingsConfiguration meetings = new MeetingsConfiguration();

    public MeetingsConfiguration getMeetings() {
        return meetings;
    }

    @Valid
    @NotNull
    @JsonProperty("gong")
    private GongConfiguration gong = new GongConfiguration();

    public GongConfiguration getGong() {
        return gong;
    }

    @Valid
    @NotNull
    @JsonProperty("retention")
    private RetentionConfiguration retention = new RetentionConfiguration();

    public StorageConfiguration getDatabase() {
        return database;
    }

    public LlmConfiguration getLlm() {
        return llm;
    }

    public IntentConfiguration getIntent() {
        return intent;
    }

    public PipelineConfiguration getPipeline() {
        return pipeline;
    }

    public UnleashConfiguration getUnleash() {
        return unleash;
    }

    public RolloutConfiguration getRollout() {
        return rollout;
    }

    public SlackConfiguration getSlack() {
        return slack;
    }

    public AirtableConfiguration getAirtable() {
        return airtable;
    }

    public RetentionConfiguration getRetention() {
        return retention;
    }

    /** Rule trust reads labels over its window: purging sooner would make every rule look unseen. */
    @JsonIgnore
    @ValidationMethod(message = "retention.productionLabels (RETENTION_PRODUCTION_LABELS) must be at least "
            + "rollout.ruleTrustWindow (RULE_TRUST_WINDOW)")
    public boolean isProductionLabelRetentionCoveringRuleTrust() {
        return retention == null || rollout == null || retention.getProductionLabels().toMilliseconds()
                >= rollout.getRuleTrustWindow().toMilliseconds();
    }

    /** The rollout guard compares cohorts and shadow precision over its window. */
    @JsonIgnore
    @ValidationMethod(message = "retention.interactions and retention.shadowValidations must be at least "
            + "rollout.guardWindow")
    public boolean isGuardRetentionCoveringGuardWindow() {
        if (retention == null || rollout == null) {
            return true;
        }
        long window = rollout.getGuardWindow().toMilliseconds();
        return retention.getInteractions().toMilliseconds() >= window
                && retention.getShadowValidations().toMilliseconds() >= window;
    }
}
