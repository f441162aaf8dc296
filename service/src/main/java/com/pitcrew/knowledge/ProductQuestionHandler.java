package com.pitcrew.knowledge;

import com.pitcrew.intent.Intent;
import com.pitcrew.llm.LlmClient;
import com.pitcrew.llm.LlmResult;
import com.pitcrew.observability.LogFields;
import com.pitcrew.pipeline.HandlerRequest;
import com.pitcrew.pipeline.IntentHandler;
import com.pitcrew.pipeline.Reply;
import com.pitcrew.pipeline.ReplyItem;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code product_question}: with an LLM, the snapshot prompt plus the question; without one (or when it is
 * unavailable), the snapshot entries most relevant to the question, marked as retrieved facts. Thread-safe.
 */
public final class ProductQuestionHandler implements IntentHandler {

    static final String LLM_PURPOSE = "product_answer";
    static final String RETRIEVED_NOTE = "_Retrieved facts from the product base, not a generated answer:_";
    static final String NOTHING_FOUND = "I found nothing in the product base about that. Try naming a plan, "
            + "feature, integration or certification.";
    private static final int MAX_ENTRIES = 5;
    private static final String SYSTEM_PROMPT = "You are PitCrew, answering a sales rep's question about Beacon. "
            + "Be brief and exact (plans, prices, availability per plan); do not invent facts.\n\n";

    private static final Logger LOG = LoggerFactory.getLogger(ProductQuestionHandler.class);

    private final ProductSnapshots snapshots;
    private final ProductRetriever retriever;
    private final LlmClient llm;

    ProductQuestionHandler(ProductSnapshots snapshots, ProductRetriever retriever, LlmClient llm) {
        this.snapshots = snapshots;
        this.retriever = retriever;
        this.llm = llm;
    }

    @Override
    public Intent intent() {
        return Intent.PRODUCT_QUESTION;
    }

    @Override
    public boolean usesLlm() {
        return llm.configured();
    }

    @Override
    public Reply handle(HandlerRequest request) {
        String question = request.inquiry().text();
        SnapshotView view = snapshots.current();
        if (llm.configured()) {
            LlmResult<String> answer = request.generate(llm, LLM_PURPOSE, SYSTEM_PROMPT + view.content(), question,
                    "");
            if (answer instanceof LlmResult.Answer<String> generated) {
                return new Reply(generated.value().strip(), List.of(), true);
            }
            if (answer instanceof LlmResult.Unavailable<String> unavailable) {
                LOG.info("Product answer falls back to retrieval",
                        LogFields.of("llm", unavailable.reason().wireName()));
            }
        }
        return retrieved(view, question);
    }

    private Reply retrieved(SnapshotView view, String question) {
        List<SnapshotFormat.Entry> entries = retriever.search(view, question, MAX_ENTRIES);
        if (entries.isEmpty()) {
            return Reply.text(NOTHING_FOUND);
        }
        List<ReplyItem> items = entries.stream()
                .map(entry -> new ReplyItem(entry.table().airtableName() + ": " + entry.title(), entry.detail(),
                        Optional.empty()))
                .toList();
        // The facts travel as items only: Slack renders them as blocks, and the text must not repeat them.
        return new Reply(RETRIEVED_NOTE, items, false);
    }
}
