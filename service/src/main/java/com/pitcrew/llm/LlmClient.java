package com.pitcrew.llm;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.pitcrew.execution.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to the LLM (openai-java): bounded time, at most one retry, a circuit breaker that stops calling a
 * failing endpoint and lets a probe through after a pause, and a bulkhead ({@code llm.maxConcurrent}) that bounds
 * the calls in flight to what the provider allows, whatever the number of threads asking. Background calls
 * ({@link #completeJsonInBackground}) never wait for it. Every failure comes back as {@link LlmResult.Unavailable};
 * nothing is thrown. Thread-safe: one instance serves all requests.
 */
public final class LlmClient {

    private static final Logger LOG = LoggerFactory.getLogger(LlmClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<OpenAIClient> client;
    private final String model;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final Duration bulkheadWait;
    private final MetricRegistry metrics;

    private LlmClient(Optional<OpenAIClient> client, String model, CircuitBreaker breaker, Bulkhead bulkhead,
                      Duration bulkheadWait, MetricRegistry metrics) {
        this.client = client;
        this.model = model;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.bulkheadWait = bulkheadWait;
        this.metrics = metrics;
    }

    public static LlmClient create(LlmConfiguration configuration, MetricRegistry metrics) {
        return create(configuration, metrics, Clock.systemUTC());
    }

    /** With an explicit clock, so tests can move the circuit breaker's time instead of waiting. */
    public static LlmClient create(LlmConfiguration configuration, MetricRegistry metrics, Clock clock) {
        Optional<OpenAIClient> client = configuration.apiKey().map(key -> OpenAIOkHttpClient.builder()
                .apiKey(key)
                .baseUrl(configuration.getBaseUrl())
                .timeout(configuration.getTimeout().toJavaDuration())
                .maxRetries(configuration.getMaxRetries())
                .build());
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(configuration.getCircuitFailureRatePercent())
                .minimumNumberOfCalls(configuration.getCircuitMinimumCalls())
                .slidingWindow(Math.max(10, configuration.getCircuitMinimumCalls()),
                        configuration.getCircuitMinimumCalls(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(configuration.getCircuitOpenFor().toJavaDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
        CircuitBreaker breaker = CircuitBreaker.of("llm", breakerConfig);
        breaker.getEventPublisher().onStateTransition(event ->
                LOG.warn("LLM circuit breaker {}", event.getStateTransition()));
        metrics.gauge("pitcrew.llm.circuit.open", () -> () -> breaker.getState() == CircuitBreaker.State.OPEN ? 1 : 0);
        return new LlmClient(client, configuration.getModel(), breaker,
                new Bulkhead("llm", configuration.getMaxConcurrent(), metrics),
                configuration.getBulkheadWait().toJavaDuration(), metrics);
    }

    public boolean configured() {
        return client.isPresent();
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /** A free-text completion. {@code purpose} names the caller in metrics ({@code pitcrew.llm.<purpose>}). */
    public LlmResult<String> complete(String purpose, String systemPrompt, String userPrompt) {
        return call(purpose, ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage(systemPrompt)
                .addUserMessage(userPrompt)
                .build(), content -> content, false);
    }

    /**
     * {@link #complete}, streamed: {@code onText} gets each piece of the answer as the model writes it, on this
     * thread, and the result is the whole answer (or why there is none, even after some pieces arrived: a stream
     * that breaks part-way is {@link LlmResult.Unavailable} like any failed call). A refusal is never passed on.
     * A sink that throws is dropped for the rest of the answer, which still completes.
     */
    public LlmResult<String> completeStreaming(String purpose, String systemPrompt, String userPrompt,
                                               Consumer<String> onText) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage(systemPrompt)
                .addUserMessage(userPrompt)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        return guarded(purpose, false, prefix -> {
            StringBuilder content = new StringBuilder();
            StringBuilder refusal = new StringBuilder();
            long[] tokens = {-1};
            Consumer<String> sink = new DroppingSink(onText, metrics, prefix);
            try (StreamResponse<ChatCompletionChunk> stream = client.get().chat().completions()
                    .createStreaming(params)) {
                stream.stream().forEach(chunk -> {
                    chunk.usage().ifPresent(usage -> tokens[0] = usage.totalTokens());
                    if (chunk.choices().isEmpty()) {
                        return;
                    }
                    ChatCompletionChunk.Choice.Delta delta = chunk.choices().get(0).delta();
                    delta.refusal().ifPresent(refusal::append);
                    delta.content().filter(text -> !text.isEmpty() && refusal.isEmpty()).ifPresent(text -> {
                        content.append(text);
                        sink.accept(text);
                    });
                });
            }
            return interpret(prefix, content.toString(), refusal.toString(), tokens[0], text -> text);
        });
    }

    /**
     * A completion constrained to a JSON schema (structured output). The answer is the parsed JSON object; output
     * that is not JSON is {@link LlmResult.Reason#MALFORMED}. Checking the fields is the caller's job.
     */
    public LlmResult<JsonNode> completeJson(String purpose, String systemPrompt, String userPrompt, String schemaName,
                                            Map<String, Object> schema) {
        return completeJson(purpose, systemPrompt, userPrompt, schemaName, schema, false);
    }

    /**
     * {@link #completeJson} for background work: runs only when the bulkhead has a permit to spare beyond the user
     * path's reserve, else answers {@link LlmResult.Reason#BUSY} at once.
     */
    public LlmResult<JsonNode> completeJsonInBackground(String purpose, String systemPrompt, String userPrompt,
                                                        String schemaName, Map<String, Object> schema) {
        return completeJson(purpose, systemPrompt, userPrompt, schemaName, schema, true);
    }

    private LlmResult<JsonNode> completeJson(String purpose, String systemPrompt, String userPrompt,
                                             String schemaName, Map<String, Object> schema, boolean background) {
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder schemaBuilder =
                ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        schema.forEach((key, value) -> schemaBuilder.putAdditionalProperty(key, JsonValue.from(value)));
        ResponseFormatJsonSchema format = ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name(schemaName)
                        .strict(true)
                        .schema(schemaBuilder.build())
                        .build())
                .build();
        return call(purpose, ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage(systemPrompt)
                .addUserMessage(userPrompt)
                .responseFormat(format)
                .build(), LlmClient::parseJson, background);
    }

    private static JsonNode parseJson(String content) {
        try {
            JsonNode node = JSON.readTree(content);
            if (node == null || !node.isObject()) {
                throw new MalformedOutputException("expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedOutputException("not JSON");
        }
    }

    private <T> LlmResult<T> call(String purpose, ChatCompletionCreateParams params, ContentParser<T> parser,
                                  boolean background) {
        return guarded(purpose, background, prefix -> {
            ChatCompletion completion = client.get().chat().completions().create(params);
            if (completion.choices().isEmpty()) {
                return unavailable(prefix, LlmResult.Reason.MALFORMED, "no choices");
            }
            ChatCompletionMessage message = completion.choices().get(0).message();
            return interpret(prefix, message.content().orElse(""), message.refusal().orElse(""),
                    completion.usage().map(usage -> usage.totalTokens()).orElse(-1L), parser);
        });
    }

    /** One call to the endpoint, inside the bulkhead and the circuit breaker; failures become results. */
    private <T> LlmResult<T> guarded(String purpose, boolean background, Exchange<T> exchange) {
        String prefix = "pitcrew.llm." + purpose;
        if (client.isEmpty()) {
            return unavailable(prefix, LlmResult.Reason.NOT_CONFIGURED, "no OPENAI_API_KEY configured");
        }
        Optional<Bulkhead.Permit> permit = background ? bulkhead.tryAcquireBackground()
                : bulkhead.acquire(bulkheadWait);
        if (permit.isEmpty()) {
            return unavailable(prefix, LlmResult.Reason.BUSY, "all " + bulkhead.limit() + " LLM calls in use");
        }
        try (Bulkhead.Permit held = permit.get()) {
            if (!breaker.tryAcquirePermission()) {
                return unavailable(prefix, LlmResult.Reason.CIRCUIT_OPEN, "circuit breaker open");
            }
            long started = breaker.getCurrentTimestamp();
            Timer.Context timer = metrics.timer(prefix).time();
            try {
                LlmResult<T> result = exchange.run(prefix);
                breaker.onSuccess(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit());
                return result;
            } catch (RuntimeException e) {
                LlmResult.Reason reason = classify(e);
                if (countsAgainstEndpoint(reason)) {
                    breaker.onError(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit(), e);
                } else {
                    breaker.onSuccess(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit());
                }
                return unavailable(prefix, reason, e.getClass().getSimpleName());
            } finally {
                timer.stop();
            }
        }
    }

    private <T> LlmResult<T> interpret(String prefix, String content, String refusal, long totalTokens,
                                       ContentParser<T> parser) {
        if (totalTokens >= 0) {
            metrics.counter(prefix + ".tokens").inc(totalTokens);
            LlmUsage.add(totalTokens);
        }
        if (!refusal.isBlank()) {
            return unavailable(prefix, LlmResult.Reason.REFUSED, "model refused");
        }
        if (content.isBlank()) {
            return unavailable(prefix, LlmResult.Reason.MALFORMED, "empty content");
        }
        try {
            T value = parser.parse(content);
            metrics.counter(prefix + ".answered").inc();
            return new LlmResult.Answer<>(value);
        } catch (MalformedOutputException e) {
            return unavailable(prefix, LlmResult.Reason.MALFORMED, e.getMessage());
        }
    }

    private <T> LlmResult<T> unavailable(String prefix, LlmResult.Reason reason, String detail) {
        metrics.counter(prefix + ".unavailable." + reason.wireName()).inc();
        if (reason != LlmResult.Reason.NOT_CONFIGURED && reason != LlmResult.Reason.BUSY) {
            LOG.warn("LLM unavailable for {}: {} ({})", prefix, reason.wireName(), detail);
        }
        return new LlmResult.Unavailable<>(reason, detail);
    }

    private static LlmResult.Reason classify(RuntimeException error) {
        if (error instanceof RateLimitException) {
            return LlmResult.Reason.RATE_LIMITED;
        }
        if (error instanceof InternalServerException) {
            return LlmResult.Reason.SERVER_ERROR;
        }
        if (error instanceof OpenAIServiceException) {
            return LlmResult.Reason.CLIENT_ERROR;
        }
        if (error instanceof OpenAIInvalidDataException) {
            return LlmResult.Reason.MALFORMED;
        }
        if (error instanceof OpenAIIoException) {
            return hasCause(error, InterruptedIOException.class) ? LlmResult.Reason.TIMEOUT : LlmResult.Reason.FAILED;
        }
        return LlmResult.Reason.FAILED;
    }

    /** Bad output is the model's fault, not the endpoint's: it must not open the circuit. */
    private static boolean countsAgainstEndpoint(LlmResult.Reason reason) {
        return reason != LlmResult.Reason.MALFORMED && reason != LlmResult.Reason.REFUSED
                && reason != LlmResult.Reason.CLIENT_ERROR;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
            if (current.getCause() == current) {
                return false;
            }
        }
        return false;
    }

    /** The HTTP exchange of one call: what it asked and how its answer reads. */
    @FunctionalInterface
    private interface Exchange<T> {
        LlmResult<T> run(String prefix);
    }

    /** Passes pieces on until the sink first throws; the answer must not fail because its display did. */
    private static final class DroppingSink implements Consumer<String> {
        private final Consumer<String> sink;
        private final MetricRegistry metrics;
        private final String prefix;
        private boolean dropped;

        DroppingSink(Consumer<String> sink, MetricRegistry metrics, String prefix) {
            this.sink = sink;
            this.metrics = metrics;
            this.prefix = prefix;
        }

        @Override
        public void accept(String text) {
            if (dropped) {
                return;
            }
            try {
                sink.accept(text);
            } catch (RuntimeException e) {
                dropped = true;
                metrics.counter(prefix + ".stream_sink_failed").inc();
                LOG.warn("The answer's stream failed; the answer completes without it", e);
            }
        }
    }

    @FunctionalInterface
    private interface ContentParser<T> {
        T parse(String content);
    }

    private static final class MalformedOutputException extends RuntimeException {
        MalformedOutputException(String message) {
            super(message, null, false, false);
        }
    }

}
