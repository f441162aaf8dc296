package com.pitcrew.intent;

/** The pattern stage: message text in, intent and calibrated confidence out. Pure, fast and thread-safe. */
@FunctionalInterface
public interface IntentClassifier {

    Classification classify(String text);

    /**
     * Whether {@code text} names an account or a person itself (a pronoun in it then points at them, not at the
     * thread's). Without a lexicon to tell, a classifier says it does, so no pronoun is read as a follow-up.
     */
    default boolean namesSomeone(String text) {
        return true;
    }
}
