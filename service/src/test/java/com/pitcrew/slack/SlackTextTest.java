package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlackTextTest {

    @Test
    void noUntrustedTextCanMentionOrLink() {
        String hostile = "<!channel> <!here> <!everyone> <@U0BOSS> <!subteam^S0SALES|@sales> <https://evil.example|x> & co";

        assertThat(SlackText.fromMarkdown(hostile)).isEqualTo("&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; "
                + "&lt;@U0BOSS&gt; &lt;!subteam^S0SALES|@sales&gt; &lt;<https://evil.example|https://evil.example>|x&gt; "
                + "&amp; co");
        assertThat(SlackText.fromMarkdown(hostile)).doesNotContain("<!", "<@");
        assertThat(SlackText.escape("a<b>&c")).isEqualTo("a&lt;b&gt;&amp;c");
    }

    @Test
    void markdownBecomesMrkdwn() {
        String markdown = """
                # Plans and **prices**
                The **Growth** plan has __SSO__ and ~~no~~ SCIM; see [the plan page](https://beacon.example/p?a=1&b=2).
                - first
                * second
                  + nested
                1. numbered stays
                More at https://beacon.example/faq.
                ```
                **not bold** in code <x>
                ```""";

        assertThat(SlackText.fromMarkdown(markdown)).isEqualTo("""
                *Plans and prices*
                The *Growth* plan has *SSO* and ~no~ SCIM; see <https://beacon.example/p?a=1&amp;b=2|the plan page>.
                • first
                • second
                  • nested
                1. numbered stays
                More at <https://beacon.example/faq|https://beacon.example/faq>.
                ```
                **not bold** in code &lt;x&gt;
                ```""");
    }

    @Test
    void ourOwnMrkdwnIsLeftAsItIs() {
        assertThat(SlackText.fromMarkdown("*5 action items* from 2 calls — _not a generated answer_"))
                .isEqualTo("*5 action items* from 2 calls — _not a generated answer_");
    }

    @Test
    void linksOnlyForPlainHttpUrls() {
        assertThat(SlackText.link("https://calls.example/1", "Acme <> Beacon | pricing"))
                .isEqualTo("<https://calls.example/1|Acme &lt;&gt; Beacon ¦ pricing>");
        assertThat(SlackText.link("javascript:alert(1)", "x")).isEqualTo("x");
        assertThat(SlackText.link("https://x.example/|<!channel>", "x")).isEqualTo("x");
    }

    @Test
    void splitsAtParagraphsThenLinesAndNeverInsideALinkOrAnEntity() {
        String paragraph = "word ".repeat(500).strip();
        List<String> pieces = SlackText.split(paragraph + "\n\n" + paragraph, 3000);
        assertThat(pieces).containsExactly(paragraph, paragraph);

        String link = "<https://beacon.example/plans|the plan page>";
        String text = "x".repeat(2990) + link + "&amp;" + "y".repeat(20);
        List<String> cut = SlackText.split(text, 3000);
        assertThat(cut).allSatisfy(piece -> assertThat(piece.length()).isLessThanOrEqualTo(3000));
        assertThat(cut.get(1)).startsWith(link);
        assertThat(String.join("", cut)).isEqualTo(text);

        String entities = "&amp;".repeat(1000);
        assertThat(SlackText.split(entities, 3000)).allSatisfy(piece ->
                assertThat(piece).matches("(&amp;)+"));
        assertThat(SlackText.truncate(entities, 3000)).hasSizeLessThanOrEqualTo(3000).endsWith("&amp;…");
    }

    @Test
    void markdownTextCannotMentionLinkOrMarkUpButKeepsHttpLinks() {
        String converted = SlackText.toMarkdownText("<!here> <@U1> <img src=x> & \\[x] [ok](https://a.example/p?q=1&r=2) "
                + "[bad](javascript:alert(1)) [ref][1] ![pic](http://i.example/x.png)\n[1]: https://evil.example");
        assertThat(converted)
                .contains("&lt;!here&gt;", "&lt;@U1&gt;", "&lt;img src=x&gt;", "&amp; \\\\\\[x\\]",
                        "[ok](https://a.example/p?q=1&amp;r=2)", "\\[bad\\](javascript:alert(1))",
                        "\\[ref\\]\\[1\\]", "![pic](http://i.example/x.png)", "\\[1\\]: https://evil.example")
                .doesNotContain("<", ">", "[bad](", "[1]:");
    }

    @Test
    void aTextConvertedInPiecesCutAtSafeEndsReadsAsTheWholeConverted() {
        String answer = "Acme asked about **pricing** [the page](https://a.example/x?y=1&z=2) & [not a link] "
                + "<!channel> then [another](https://b.example) end [dangling";
        for (int step = 1; step <= 7; step++) {
            StringBuilder written = new StringBuilder();
            StringBuilder shown = new StringBuilder();
            int sent = 0;
            for (int at = 0; at < answer.length(); at += step) {
                written.append(answer, at, Math.min(answer.length(), at + step));
                String pending = written.substring(sent);
                int end = SlackText.markdownSafeEnd(pending);
                shown.append(SlackText.toMarkdownText(pending.substring(0, end)));
                sent += end;
            }
            shown.append(SlackText.toMarkdownText(written.substring(sent)));
            assertThat(shown.toString()).as("pieces of " + step).isEqualTo(SlackText.toMarkdownText(answer));
        }
    }

    @Test
    void onlyWhatCouldStillBecomeALinkIsHeldBack() {
        assertThat(SlackText.markdownSafeEnd("see [the pa")).isEqualTo(4);
        assertThat(SlackText.markdownSafeEnd("see [the page](https://a.exa")).isEqualTo(4);
        assertThat(SlackText.markdownSafeEnd("see [the page](https://a.example)")).isEqualTo(33);
        assertThat(SlackText.markdownSafeEnd("see [note] and more")).as("cannot be a link any more").isEqualTo(19);
        assertThat(SlackText.markdownSafeEnd("plain words")).isEqualTo(11);
    }

    @Test
    void ourTemplateBoldBecomesMarkdownBoldAndStaysEscaped() {
        assertThat(SlackText.templateToMarkdownText("*Draft email to Tyler Chen <@U1>* — not sent.\n\n"))
                .isEqualTo("**Draft email to Tyler Chen &lt;@U1&gt;** — not sent.\n\n");
        assertThat(SlackText.templateToMarkdownText("*Recap of 2 calls* and **already** bold, 2 * 3 * 4"))
                .isEqualTo("**Recap of 2 calls** and **already** bold, 2 * 3 * 4");
    }
}
