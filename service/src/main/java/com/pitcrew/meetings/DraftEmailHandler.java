package com.pitcrew.meetings;

import com.pitcrew.directory.Account;
import com.pitcrew.directory.Contact;
import com.pitcrew.intent.Intent;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmResult;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.MeetingScope;
import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Intent {@code draft_email}: a follow-up draft to a customer contact, written by the LLM from the latest calls
 * with their account. Without an LLM it says plainly that drafting needs one and lists the facts a draft would
 * use. It never sends anything and never says it did: the rep reviews and sends the draft.
 */
final class DraftEmailHandler implements IntentHandler {

    static final String PURPOSE = "draft_email";
    static final String NOT_SENT = "a draft for you to review and send yourself; nothing has been sent";
    private static final int CALLS = 2;
    private static final int EXCERPTS = 5;

    static final String SYSTEM_PROMPT = """
            You draft a short follow-up email from a sales rep at Beacon to a customer contact. Use only the facts \
            in the call notes you are given: what was discussed and agreed, open commitments with their dates, and \
            a proposed next step. Do not invent prices, dates, names or promises. Start with a 'Subject:' line. \
            Do not say or imply that the email has been sent.""";

    /** Who a draft goes to. */
    record Recipient(String name, Optional<String> role, String account) {

        String label() {
            return name + " (" + role.map(known -> known + ", ").orElse("") + account + ")";
        }
    }

    /** Who can be written to, built from one directory list instance. */
    private record Recipients(List<Account> source, Map<String, Recipient> byPerson,
                              Map<String, Recipient> primaryByAccount) {

        static Recipients of(List<Account> directory) {
            Map<String, Recipient> people = new HashMap<>();
            Map<String, Recipient> primary = new HashMap<>();
            for (Account account : directory) {
                for (Contact contact : account.contacts()) {
                    Recipient recipient = new Recipient(contact.name(), contact.role(), account.name());
                    people.put(contact.name(), recipient);
                    primary.putIfAbsent(account.name(), recipient);
                }
            }
            return new Recipients(directory, Map.copyOf(people), Map.copyOf(primary));
        }
    }

    private final MeetingContext context;
    private final LlmClient llm;
    private final Supplier<List<Account>> directory;
    private volatile Recipients recipients;

    /** Recipients come from {@code directory}'s accounts, re-read only when it returns a different list. */
    DraftEmailHandler(MeetingContext context, LlmClient llm, Supplier<List<Account>> directory) {
        this.context = context;
        this.llm = llm;
        this.directory = Objects.requireNonNull(directory);
        this.recipients = Recipients.of(directory.get());
    }

    private Recipients recipients() {
        Recipients current = recipients;
        List<Account> latest = directory.get();
        if (latest != current.source()) {
            current = Recipients.of(latest);
            recipients = current; // a racing rebuild builds the same thing; the last write wins harmlessly
        }
        return current;
    }

    @Override
    public Intent intent() {
        return Intent.DRAFT_EMAIL;
    }

    @Override
    public boolean usesLlm() {
        return llm.configured();
    }

    @Override
    public Reply handle(HandlerRequest handlerRequest) {
        MeetingContext.Request request = context.of(handlerRequest);
        Optional<Recipient> found = recipient(request.scope());
        if (found.isEmpty()) {
            return Reply.text("Who is the email for? Name the person or the account, e.g. "
                    + "\"draft an email to Tyler about the SSO pilot\".");
        }
        Recipient recipient = found.get();
        List<Meeting> calls = context.inScope(request).stream()
                .filter(meeting -> meeting.account().equals(recipient.account()))
                .limit(CALLS)
                .toList();
        if (calls.isEmpty()) {
            return Reply.text("I found no calls with " + recipient.account() + " " + MeetingContext.describe(request)
                    + " to base a draft to " + recipient.name() + " on. Nothing was drafted or sent.");
        }
        List<Commitments.Commitment> commitments = Commitments.in(calls);
        List<MeetingSearch.TurnHit> excerpts = request.topic().isEmpty() ? List.of()
                : context.turns(request, EXCERPTS);

        String lead = "*Draft email to " + recipient.label() + "* — " + NOT_SENT + ".\n\n";
        LlmResult<String> draft = handlerRequest.generate(llm, PURPOSE, SYSTEM_PROMPT,
                prompt(request, recipient, calls, excerpts), lead);
        if (draft instanceof LlmResult.Answer<String> generated) {
            return new Reply(lead + generated.value(),
                    MeetingContext.sourceItems(calls), true);
        }
        String why = MeetingContext.whyNoLlm((LlmResult.Unavailable<String>) draft);
        return new Reply("Drafting an email needs an LLM, and " + why + ". Nothing was drafted or sent. These are "
                + "the facts a draft to " + recipient.label() + " would use:",
                facts(calls, commitments, excerpts), false);
    }

    /** The named person, else the account's main contact. */
    private Optional<Recipient> recipient(MeetingScope scope) {
        Recipients known = recipients();
        Optional<Recipient> person = scope.people().stream().map(known.byPerson()::get).filter(Objects::nonNull)
                .findFirst();
        if (person.isPresent()) {
            return person;
        }
        return scope.accounts().stream().map(known.primaryByAccount()::get).filter(Objects::nonNull).findFirst();
    }

    private static String prompt(MeetingContext.Request request, Recipient recipient, List<Meeting> calls,
                                 List<MeetingSearch.TurnHit> excerpts) {
        return "Rep's request: " + request.message() + "\nRecipient: " + recipient.label() + "\n\nLatest calls:\n"
                + calls.stream().map(MeetingContext::transcriptForPrompt).collect(Collectors.joining("\n"))
                + (excerpts.isEmpty() ? "" : "\nMost relevant excerpts on the requested topic:\n"
                + MeetingContext.excerptsForPrompt(excerpts));
    }

    private static List<ReplyItem> facts(List<Meeting> calls, List<Commitments.Commitment> commitments,
                                         List<MeetingSearch.TurnHit> excerpts) {
        List<ReplyItem> facts = new ArrayList<>(MeetingContext.sourceItems(calls));
        for (Commitments.Commitment commitment : commitments) {
            facts.add(new ReplyItem("Commitment — " + commitment.owner(), "“" + commitment.what() + "” — "
                    + MeetingContext.cite(commitment.meeting()), Optional.empty()));
        }
        excerpts.stream().map(MeetingContext::excerptItem).forEach(facts::add);
        return facts;
    }
}
