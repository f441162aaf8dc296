package com.pitcrew.pipeline;

/**
 * Where an answer may show while the LLM writes it. A handler writes, in order, the text its reply will start with
 * (Markdown, as in {@link Reply#text()}); the reply it returns is still the answer, and the caller decides whether
 * what was shown can end as that reply. Confined to the thread answering the request.
 */
@FunctionalInterface
public interface AnswerStream {

    void write(String markdown);
}
