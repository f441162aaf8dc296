package com.pitcrew.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The {@code pipeline} section: how many speculative handlers (parallel validation) may run at once. */
public final class PipelineConfiguration {

    /** Beyond this many in flight, a validated request runs its handler after validation, as without the flag. */
    @Min(1)
    @Max(4096)
    @JsonProperty
    private int speculationThreads = 256;

    public int getSpeculationThreads() {
        return speculationThreads;
    }
}
