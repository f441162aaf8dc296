package com.pitcrew.intent;

/** The pattern stage: message text in, intent and calibrated confidence out. Pure, fast and thread-safe. */
@FunctionalInterface
public interface IntentClassifier {

    Classification classify(String text);
}
