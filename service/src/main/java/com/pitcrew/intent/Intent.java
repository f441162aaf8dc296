package com.pitcrew.intent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The eight intents of {@code intents.md}. Wire names are the corpus labels and log values. */
public enum Intent {
    SEARCH_CALLS(true),
    MEETING_QUESTION(true),
    MEETING_SUMMARY(true),
    ACTION_ITEMS(true),
    /** Never skipped: a wrong draft addressed to a customer is costly. */
    DRAFT_EMAIL(false),
    PRODUCT_QUESTION(true),
    HELP(true),
    OTHER(true);

    private final boolean skipEligible;
    private final String wireName;

    Intent(boolean skipEligible) {
        this.skipEligible = skipEligible;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    public boolean skipEligible() {
        return skipEligible;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Intent> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(intent -> intent.wireName.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
