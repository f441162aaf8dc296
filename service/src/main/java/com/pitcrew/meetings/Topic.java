package com.pitcrew.meetings;

import java.util.List;

/**
 * What a message is about once the request words, names and time phrases are taken out: {@code words} as the
 * user typed them (shown back in replies), {@code terms} as analysed for the index, {@code related} analysed terms
 * of neighbouring words that widen recall at a lower weight.
 */
record Topic(List<String> words, List<String> terms, List<String> related) {

    static final Topic NONE = new Topic(List.of(), List.of(), List.of());

    Topic {
        words = List.copyOf(words);
        terms = List.copyOf(terms);
        related = List.copyOf(related);
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }

    /** “pricing”, “sso onboarding”: how the topic is quoted back to the user. */
    String quoted() {
        return "“" + String.join(" ", words) + "”";
    }
}
