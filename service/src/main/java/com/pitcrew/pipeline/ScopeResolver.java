package com.pitcrew.pipeline;

/**
 * Stage {@code meeting_resolution}: what a message is about. The meetings feature implements it; the pipeline knows
 * only this. Implementations are shared by every request and must be thread-safe.
 */
@FunctionalInterface
public interface ScopeResolver {

    MeetingScope resolve(String text);
}
