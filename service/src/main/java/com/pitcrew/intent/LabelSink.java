package com.pitcrew.intent;

/**
 * Where production labels go: every request whose intent the LLM settled labels the pattern's verdict with it.
 * Implementations must return at once and never slow the request (queue, drop and count when full) and should
 * not throw; the control plane still guards the call. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface LabelSink {

    void record(ProductionLabel label);

    /** Records nothing: for callers with no database. */
    LabelSink NONE = label -> { };
}
