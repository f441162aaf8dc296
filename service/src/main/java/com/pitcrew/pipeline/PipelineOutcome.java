package com.pitcrew.pipeline;

import com.pitcrew.intent.IntentDecision;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one request: the reply to send, the intent decision, the summary fields logged, whether it failed,
 * and, for a message in a Slack thread, what the thread should remember of this answer (the caller stores it with
 * its own bookkeeping, {@link ThreadMemory#remember(org.jdbi.v3.core.Handle, ThreadMemory.ThreadKey,
 * ThreadMemory.Turn, long)}).
 */
public record PipelineOutcome(Reply reply, IntentDecision decision, Map<String, Object> summary, boolean failed,
                              Optional<ThreadMemory.Remembered> remembered) {

    public PipelineOutcome {
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }
}
