package com.pitcrew.pipeline;

import com.pitcrew.intent.Intent;

/**
 * Answers the requests of one intent. Implementations are shared by the worker threads and must be thread-safe.
 * A handler that throws does not crash the request: the pipeline answers with an apology and counts the failure.
 */
public interface IntentHandler {

    Intent intent();

    Reply handle(HandlerRequest request) throws Exception;

    /** Whether answering waits on the LLM; a handler that never does is served in the fast lane. */
    default boolean usesLlm() {
        return false;
    }
}
