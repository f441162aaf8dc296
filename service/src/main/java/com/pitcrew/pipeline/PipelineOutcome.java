package com.pitcrew.pipeline;

import com.pitcrew.intent.IntentDecision;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The result of one request: the reply to send, the intent decision, the summary fields logged, and whether it failed. */
public record PipelineOutcome(Reply reply, IntentDecision decision, Map<String, Object> summary, boolean failed) {

    public PipelineOutcome {
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }
}
