package com.pitcrew.intent;

/**
 * The control plane's verdict for one request: the intent the handler acts on, with its confidence, how it was
 * settled, whether the skip flag was on for this user, and what the pattern stage said.
 */
public record IntentDecision(Intent intent, double confidence, Validation validation, boolean flagOn,
                             Classification pattern) {
}
