package com.pitcrew.pipeline;

/**
 * Where an answer may show while the LLM writes it. A handler writes, in order, the text its reply will start with
 * (Markdown, as in {@link Reply#text()}); the reply it returns is still the answer, and the caller decides whether
 * what was shown can end as that reply. Confined to the thread answering the request.
 */
@FunctionalInterface
public interface AnswerStream {

    void write(String markdown);

    /**
     * Writes the handler's own heading, written in our templates' mrkdwn ({@code *bold*}) like every reply's text;
     * a stream that shows standard Markdown renders it as such.
     */
    default void writeHeading(String mrkdwn) {
        write(mrkdwn);
    }

    /**
     * Whether this answer should stream at all; asked before the LLM is, so an answer that will not be shown as it
     * is written costs no streamed call.
     */
    default boolean accepting() {
        return true;
    }
}
