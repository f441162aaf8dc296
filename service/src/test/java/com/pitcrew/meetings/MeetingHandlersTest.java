package com.pitcrew.meetings;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.directory.Account;
import com.pitcrew.directory.Contact;
import com.pitcrew.directory.SampleDirectory;
import com.pitcrew.intent.Classification;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.Intent;
import com.pitcrew.intent.IntentDecision;
import com.pitcrew.intent.Validation;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmConfiguration;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import com.pitcrew.support.FakeOpenAi;
import com.pitcrew.support.MutableClock;
import io.dropwizard.util.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every meeting handler over the sample calls, without an LLM, with a fake one over HTTP, and with one failing. */
class MeetingHandlersTest {

    private static final FakeOpenAi OPENAI = new FakeOpenAi();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T15:00:00Z"));
    private final MeetingResolver resolver = new MeetingResolver(SampleDirectory.accounts(), clock);
    private final MeetingContext context = context();

    @AfterAll
    static void stopFake() {
        OPENAI.close();
    }

    @BeforeEach
    void resetFake() {
        OPENAI.resetRequests();
    }

    private MeetingContext context() {
        MeetingSearch search = new MeetingSearch();
        search.rebuild(SampleMeetings.load(clock));
        return new MeetingContext(search);
    }

    private LlmClient noLlm() {
        return LlmClient.create(new LlmConfiguration(), new MetricRegistry(), clock);
    }

    private LlmClient fakeLlm() {
        LlmConfiguration configuration = new LlmConfiguration();
        configuration.setApiKey("test-key");
        configuration.setBaseUrl(OPENAI.baseUrl());
        configuration.setTimeout(Duration.seconds(2));
        return LlmClient.create(configuration, new MetricRegistry(), clock);
    }

    private Reply ask(IntentHandler handler, String message) throws Exception {
        return ask(handler, resolver, message);
    }

    private Reply ask(IntentHandler handler, MeetingResolver resolver, String message) throws Exception {
        Classification pattern = new Classification(handler.intent(), 0.95, "test");
        IntentDecision decision = new IntentDecision(handler.intent(), 0.95, Validation.SKIPPED, true, pattern);
        return handler.handle(new HandlerRequest("abcd1234", Inquiry.of(message, "U1"), resolver.resolve(message),
                decision));
    }

    private static List<String> titles(Reply reply) {
        return reply.items().stream().map(ReplyItem::title).toList();
    }

    private static String lastPrompt() {
        List<String> bodies = OPENAI.requestBodies();
        assertThat(bodies).isNotEmpty();
        return bodies.get(bodies.size() - 1);
    }

    @Nested
    class SearchCalls {

        private final SearchCallsHandler handler = new SearchCallsHandler(context);

        @Test
        void listsTheRecentPricingCallsWithWhyEachMatched() throws Exception {
            Reply reply = ask(handler, "search all recent calls about pricing");
            assertThat(reply.generated()).isFalse();
            assertThat(reply.text()).startsWith("Found ").contains("about “pricing”").contains("(“recent”)");
            assertThat(titles(reply)).contains("Acme Corp — Pricing negotiation", "Hooli — Pricing negotiation",
                    "Umbrella Health — Pricing and contract", "Initech — Procurement and pricing")
                    .doesNotContain("Hooli — Product demo: BigQuery and embedding", "Acme Corp — Product demo");
            ReplyItem acme = reply.items().stream().filter(item -> item.title().equals("Acme Corp — Pricing negotiation"))
                    .findFirst().orElseThrow();
            assertThat(acme.detail()).startsWith("Nov 19 · 45 min · Tyler Chen, Alex Rivera (AE)").contains(": “");
        }

        @Test
        void withoutATopicListsTheAccountsCallsNewestFirst() throws Exception {
            Reply reply = ask(handler, "show me the Globex calls");
            assertThat(titles(reply)).containsExactly("Globex — Pilot kickoff", "Globex — Snowflake deep dive",
                    "Globex — Discovery call");
            assertThat(reply.text()).contains("newest first");
        }

        @Test
        void nothingFoundSaysWhatWasSearched() throws Exception {
            Reply reply = ask(handler, "find calls with Soylent about blockchain");
            assertThat(reply.items()).isEmpty();
            assertThat(reply.text()).isEqualTo("I found no calls about “blockchain” with Soylent Foods. I searched "
                    + "the titles and transcripts of 31 calls; try fewer or other words, or a wider time range.");
        }
    }

    @Nested
    class MeetingQuestion {

        private static final String MESSAGE = "what did Acme say about onboarding?";

        @Test
        void withoutAnLlmTheExcerptsAreTheAnswerMarkedSo() throws Exception {
            Reply reply = ask(new MeetingQuestionHandler(context, noLlm()), MESSAGE);
            assertThat(reply.generated()).isFalse();
            assertThat(reply.text()).startsWith(MeetingQuestionHandler.EXCERPTS_MARK)
                    .contains("no LLM is configured (set OPENAI_API_KEY)");
            assertThat(reply.items()).isNotEmpty().allSatisfy(item -> assertThat(item.title()).startsWith("Acme Corp"));
            assertThat(reply.items().get(0).detail()).containsIgnoringCase("onboarding");
        }

        @Test
        void withAnLlmTheAnswerIsGroundedInTheExcerptsAndCitesTheCalls() throws Exception {
            OPENAI.answer("Onboarding takes four to six weeks with two admin trainings (Acme Corp — Product demo, Sep 26).");
            Reply reply = ask(new MeetingQuestionHandler(context, fakeLlm()), MESSAGE);
            assertThat(reply.generated()).isTrue();
            assertThat(reply.text()).startsWith("Onboarding takes four to six weeks").contains("excerpts");
            assertThat(titles(reply)).contains("Acme Corp — Product demo")
                    .allSatisfy(title -> assertThat(title).startsWith("Acme Corp"));
            assertThat(lastPrompt()).contains("Answer only from the numbered call excerpts")
                    .contains("[1] Acme Corp").contains("Acme Corp — Product demo, Sep 26");
        }

        @Test
        void aFailingLlmFallsBackToTheExcerpts() throws Exception {
            OPENAI.fail(500);
            Reply reply = ask(new MeetingQuestionHandler(context, fakeLlm()), MESSAGE);
            assertThat(reply.generated()).isFalse();
            assertThat(reply.text()).startsWith(MeetingQuestionHandler.EXCERPTS_MARK)
                    .contains("the LLM is unavailable right now: it had an internal error")
                    .doesNotContain("server_error");
            assertThat(reply.items()).isNotEmpty();
        }

        @Test
        void aQuestionWithNothingToGoOnAsksForMore() throws Exception {
            OPENAI.answer("should not be asked");
            Reply reply = ask(new MeetingQuestionHandler(context, fakeLlm()), "what did they say?");
            assertThat(reply.text()).startsWith("I found nothing in the calls");
            assertThat(OPENAI.requests()).isZero();
        }
    }

    @Nested
    class MeetingSummary {

        private static final String MESSAGE = "recap the last Globex call";

        @Test
        void withoutAnLlmAnExtractiveRecapOfTheLatestCall() throws Exception {
            Reply reply = ask(new MeetingSummaryHandler(context, noLlm()), MESSAGE);
            assertThat(reply.generated()).isFalse();
            assertThat(reply.text()).startsWith("*Recap of Globex — Pilot kickoff, Nov 16*")
                    .contains(MeetingSummaryHandler.EXTRACTIVE_MARK)
                    .contains("Action item: Morgan to send the pilot success plan")
                    .contains("30 days with 15 users");
            assertThat(titles(reply)).containsExactly("Globex — Pilot kickoff");
        }

        @Test
        void aTopicPicksTheCallAboutIt() throws Exception {
            Reply reply = ask(new MeetingSummaryHandler(context, noLlm()), "summarize the Acme security review");
            assertThat(reply.text()).startsWith("*Recap of Acme Corp — Security review, Oct 31*");
        }

        @Test
        void theCallsOfAnAccountAreRecappedTogetherNewestFirst() throws Exception {
            Reply reply = ask(new MeetingSummaryHandler(context, noLlm()), "tl;dr of the Cyberdyne calls");
            assertThat(reply.text()).startsWith("*Recap of 3 calls with Cyberdyne Systems*");
            assertThat(titles(reply)).containsExactly("Cyberdyne Systems — Snowflake integration workshop",
                    "Cyberdyne Systems — Security review: GDPR and data residency",
                    "Cyberdyne Systems — Discovery call: EU data residency");
        }

        @Test
        void aPeriodRecapsEachCallInIt() throws Exception {
            Reply reply = ask(new MeetingSummaryHandler(context, noLlm()), "give me a rundown of this week's calls");
            assertThat(titles(reply)).containsExactly("Tyrell Labs — Security follow-up: SCIM and keys",
                    "Wayne Retail — Renewal negotiation");
        }

        @Test
        void withAnLlmASummaryWrittenFromTheTranscript() throws Exception {
            OPENAI.answer("• Pilot: 30 days, 15 users\n• Morgan sends the success plan by Monday");
            Reply reply = ask(new MeetingSummaryHandler(context, fakeLlm()), MESSAGE);
            assertThat(reply.generated()).isTrue();
            assertThat(reply.text()).isEqualTo("*Recap of Globex — Pilot kickoff, Nov 16*\n"
                    + "• Pilot: 30 days, 15 users\n• Morgan sends the success plan by Monday");
            assertThat(lastPrompt()).contains("Use only the transcripts").contains("Call: Globex — Pilot kickoff")
                    .contains("Morgan Lee (CSM): Action item: Morgan to send the pilot success plan");
        }

        @Test
        void aFailingLlmFallsBackToTheExtractiveRecap() throws Exception {
            OPENAI.fail(503);
            Reply reply = ask(new MeetingSummaryHandler(context, fakeLlm()), MESSAGE);
            assertThat(reply.generated()).isFalse();
            assertThat(reply.text()).contains(MeetingSummaryHandler.EXTRACTIVE_MARK)
                    .contains("the LLM is unavailable right now");
        }
    }

    @Nested
    class ActionItems {

        @Test
        void listsTheCommitmentsWithOwnersAndNeverCallsTheLlm() throws Exception {
            OPENAI.answer("should not be asked");
            ActionItemsHandler handler = new ActionItemsHandler(context);
            Reply reply = ask(handler, "what did we promise Initech?");
            assertThat(reply.generated()).isFalse();
            assertThat(reply.text()).contains("action items* from 3 calls with Initech");
            assertThat(reply.items()).extracting(ReplyItem::title).contains("Jamie Park (SE)", "Alex Rivera (AE)")
                    .as("Sam Patel is Initech's IT Director: his action items are the customer's, not ours")
                    .doesNotContain("Sam Patel");
            assertThat(reply.items()).anySatisfy(item -> {
                assertThat(item.title()).isEqualTo("Jamie Park (SE)");
                assertThat(item.detail()).isEqualTo("“Action item: Jamie to send the SOC 2 report and the security "
                        + "questionnaire answers by Friday.” — Initech — Security review: SSO and SCIM, Oct 6");
            });
            assertThat(reply.items().get(0).detail()).as("newest call first")
                    .contains("Initech — Procurement and pricing");
            assertThat(OPENAI.requests()).isZero();
        }

        @Test
        void whoOwesWhatComesFromTheSpeakersSideNotFromWhoAsks() throws Exception {
            ActionItemsHandler handler = new ActionItemsHandler(context);
            assertThat(titles(ask(handler, "what did Initech promise on their calls?")))
                    .as("they: the customer's own commitments only").containsOnly("Sam Patel");
            assertThat(titles(ask(handler, "action items from the Initech calls")))
                    .as("no side asked: both").contains("Sam Patel", "Alex Rivera (AE)", "Jamie Park (SE)");

            // An imported call: no role markers, the side comes from the attendees' e-mail domains.
            Meeting imported = new Meeting("zoom-1", "Initech", "Renewal", "call", clock.instant().minusSeconds(3600),
                    30, List.of(new Meeting.Attendee("Sam Patel", Optional.empty(), Optional.of("sam@initech.com"),
                            false), new Meeting.Attendee("Riley Stone", Optional.empty(),
                            Optional.of("riley@beacon.io"), true)),
                    List.of(new Meeting.Turn(1, "Riley Stone", "I will send the renewal quote on Monday."),
                            new Meeting.Turn(2, "Sam Patel", "I will get the PO raised this week.")));
            MeetingSearch search = new MeetingSearch();
            search.rebuild(List.of(imported));
            Reply ours = ask(new ActionItemsHandler(new MeetingContext(search)), "what did we promise Initech?");
            assertThat(ours.items()).extracting(ReplyItem::title).containsExactly("Riley Stone");
            assertThat(ours.items().get(0).detail()).contains("renewal quote");
        }

        @Test
        void aRefusalIsNotACommitment() throws Exception {
            Reply reply = ask(new ActionItemsHandler(context), "next steps from the Oscorp calls");
            assertThat(reply.items()).extracting(ReplyItem::detail)
                    .noneSatisfy(detail -> assertThat(detail).contains("I will not renew"))
                    .anySatisfy(detail -> assertThat(detail).contains("we will enable it"));
        }

        @Test
        void aTopicNarrowsTheCommitments() throws Exception {
            Reply reply = ask(new ActionItemsHandler(context), "action items about the HIPAA BAA");
            assertThat(reply.items()).extracting(ReplyItem::detail).containsExactly(
                    "“Action item: Alex to send the order form with the nonprofit discount and the signed BAA by "
                            + "Thursday.” — Umbrella Health — Pricing and contract, Nov 22",
                    "“Action item: Alex to send the HIPAA BAA template and the SOC 2 report ahead of the security "
                            + "review.” — Umbrella Health — Discovery call: HIPAA analytics, Sep 21");
        }
    }

    @Nested
    class DraftEmail {

        private static final String MESSAGE = "draft an email to Tyler about the SCIM exit clause";

        @Test
        void withoutAnLlmItSaysSoAndListsTheFactsADraftWouldUse() throws Exception {
            Reply reply = ask(new DraftEmailHandler(context, noLlm(), SampleDirectory.accounts()), MESSAGE);
            assertThat(reply.generated()).isFalse();
            assertThat(reply.text()).isEqualTo("Drafting an email needs an LLM, and no LLM is configured (set "
                    + "OPENAI_API_KEY). Nothing was drafted or sent. These are the facts a draft to Tyler Chen "
                    + "(VP Operations, Acme Corp) would use:");
            assertThat(reply.items()).extracting(ReplyItem::title).startsWith("Acme Corp — Pricing negotiation",
                    "Acme Corp — Security review");
            assertThat(reply.items()).anySatisfy(item -> assertThat(item.detail())
                    .contains("revised order form with the two-year term and the SCIM exit clause"));
        }

        @Test
        void withAnLlmADraftThatIsNeverSaidToBeSent() throws Exception {
            OPENAI.answer("Subject: Order form with the SCIM exit clause\n\nHi Tyler, ...");
            Reply reply = ask(new DraftEmailHandler(context, fakeLlm(), SampleDirectory.accounts()), MESSAGE);
            assertThat(reply.generated()).isTrue();
            assertThat(reply.text()).startsWith("*Draft email to Tyler Chen (VP Operations, Acme Corp)* — a draft for "
                    + "you to review and send yourself; nothing has been sent.").contains("Subject: Order form");
            assertThat(lastPrompt()).contains("Recipient: Tyler Chen (VP Operations, Acme Corp)")
                    .contains("Call: Acme Corp — Pricing negotiation").contains("Do not say or imply");
        }

        @Test
        void aFailingLlmSaysItIsUnavailableAndDraftsNothing() throws Exception {
            OPENAI.fail(429);
            Reply reply = ask(new DraftEmailHandler(context, fakeLlm(), SampleDirectory.accounts()),
                    "write a follow-up email to Umbrella");
            assertThat(reply.generated()).isFalse();
            assertThat(reply.text()).contains("the LLM is unavailable right now: it is busy with too many requests")
                    .doesNotContain("rate_limited")
                    .contains("Nothing was drafted or sent").contains("Ana Ruiz (CTO, Umbrella Health)");
        }

        @Test
        void withNoRecipientItAsksWhoItIsFor() throws Exception {
            OPENAI.answer("should not be asked");
            Reply reply = ask(new DraftEmailHandler(context, fakeLlm(), SampleDirectory.accounts()),
                    "draft an email about pricing");
            assertThat(reply.text()).startsWith("Who is the email for?");
            assertThat(OPENAI.requests()).isZero();
        }
    
        @Test
        void recipientsFollowTheDirectoryWhenItsAccountsChange() throws Exception {
            AtomicReference<List<Account>> accounts = new AtomicReference<>(SampleDirectory.ACCOUNTS);
            MeetingResolver live = new MeetingResolver(accounts::get, clock);
            DraftEmailHandler handler = new DraftEmailHandler(context, noLlm(), accounts::get);
            String message = "draft an email to Olu about the pilot";
            assertThat(ask(handler, live, message).text()).startsWith("Who is the email for?");

            List<Account> added = new ArrayList<>(SampleDirectory.ACCOUNTS);
            added.add(new Account("Kestrel Aero", List.of("kestrel"),
                    List.of(new Contact("Olu Bakare", Optional.empty()))));
            accounts.set(List.copyOf(added));
            assertThat(ask(handler, live, message).text()).as("a contact without a role")
                    .startsWith("I found no calls with Kestrel Aero").contains("a draft to Olu Bakare on");
        }
    }
}
