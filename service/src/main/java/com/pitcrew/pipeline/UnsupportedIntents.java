package com.pitcrew.pipeline;

import com.pitcrew.intent.Intent;

/** The plain answer for an intent whose handler has not shipped yet. */
final class UnsupportedIntents {

    private UnsupportedIntents() {
    }

    static String message(Intent intent) {
        String what = switch (intent) {
            case SEARCH_CALLS -> "searching calls";
            case MEETING_QUESTION -> "answering questions about what was said in meetings";
            case MEETING_SUMMARY -> "summarising meetings";
            case ACTION_ITEMS -> "listing action items from meetings";
            case DRAFT_EMAIL -> "drafting emails";
            case PRODUCT_QUESTION -> "answering product questions";
            case HELP -> "help";
            case OTHER -> "this kind of request";
        };
        return "I understood this as *" + intent.wireName() + "*, but " + what
                + " is not supported yet. Type `help` to see what I can do today.";
    }
}
