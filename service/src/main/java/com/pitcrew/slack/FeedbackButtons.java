package com.pitcrew.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;

import com.slack.api.model.block.ContextActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.FeedbackButtonObject;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.FeedbackButtonsElement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The 👍/👎 buttons under every answer and the "what was wrong?" question a 👎 brings, with the values their clicks
 * carry back. The values are ours, but they return as request data, so they are parsed strictly. Stateless.
 */
final class FeedbackButtons {

    static final String RATING_ACTION = "pitcrew_feedback";
    static final String REASON_ACTION = "pitcrew_feedback_reason";
    static final String UP = "up";
    static final String DOWN = "down";
    static final String QUESTION = "Thanks. What was wrong with this answer?";

    private static final Pattern SLACK_TS = Pattern.compile("\\d{1,12}\\.\\d{1,16}");

    /** Why an answer was 👎, as the rep picks it; the code is what is stored and counted. */
    enum Reason {
        WRONG_KIND("wrong_kind", "Wrong kind of answer"),
        WRONG_FACTS("wrong_facts", "Wrong facts"),
        TOO_SLOW("too_slow", "Too slow");

        private final String code;
        private final String label;

        Reason(String code, String label) {
            this.code = code;
            this.label = label;
        }

        String code() {
            return code;
        }

        String label() {
            return label;
        }

        static Optional<Reason> ofCode(String code) {
            return Arrays.stream(values()).filter(reason -> reason.code.equals(code)).findFirst();
        }
    }

    /** A reason click: which reason, for which of our replies (its ts; the channel is the click's). */
    record ReasonChoice(Reason reason, String replyTs) {
    }

    private FeedbackButtons() {
    }

    static LayoutBlock block() {
        return ContextActionsBlock.builder()
                .elements(List.of(FeedbackButtonsElement.builder()
                        .actionId(RATING_ACTION)
                        .positiveButton(button("👍", UP, "This answer helped"))
                        .negativeButton(button("👎", DOWN, "This answer did not help"))
                        .build()))
                .build();
    }

    /** The question a 👎 brings, one button per reason, each naming the reply it is about. */
    static List<LayoutBlock> reasonQuestion(String replyTs) {
        List<BlockElement> buttons = Arrays.stream(Reason.values())
                .<BlockElement>map(reason -> ButtonElement.builder()
                        .actionId(REASON_ACTION + "_" + reason.code())
                        .text(PlainTextObject.builder().text(reason.label()).emoji(false).build())
                        .value(reason.code() + ":" + replyTs)
                        .build())
                .toList();
        return List.of(
                section(s -> s.text(MarkdownTextObject.builder().text(QUESTION).build())),
                actions(a -> a.elements(buttons)));
    }

    /** {@code +1} for 👍 and {@code -1} for 👎, as reactions are stored; empty for anything else. */
    static Optional<String> rating(String value) {
        if (UP.equals(value)) {
            return Optional.of("+1");
        }
        if (DOWN.equals(value)) {
            return Optional.of("-1");
        }
        return Optional.empty();
    }

    /** Whether {@code actionId} is one of the reason buttons. */
    static boolean isReason(String actionId) {
        return actionId != null && actionId.startsWith(REASON_ACTION + "_");
    }

    static Optional<ReasonChoice> reason(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String ts = value.substring(colon + 1);
        return Reason.ofCode(value.substring(0, colon).toLowerCase(Locale.ROOT))
                .filter(reason -> SLACK_TS.matcher(ts).matches())
                .map(reason -> new ReasonChoice(reason, ts));
    }

    private static FeedbackButtonObject button(String emoji, String value, String label) {
        return FeedbackButtonObject.builder()
                .text(PlainTextObject.builder().text(emoji).emoji(true).build())
                .value(value)
                .accessibilityLabel(label)
                .build();
    }
}
