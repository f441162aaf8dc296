package com.pitcrew.pipeline;

/**
 * What a message is about once names, time phrases and request words are taken out ("pricing", "sso onboarding"),
 * for a thread to remember; empty when it names no topic. Implemented by the meetings feature, whose search decides
 * what a topic is. Implementations are thread-safe.
 */
@FunctionalInterface
public interface TopicReader {

    TopicReader NONE = (text, scope) -> "";

    String topic(String text, MeetingScope scope);
}
