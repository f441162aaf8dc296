package com.pitcrew.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TimeZone;
import org.slf4j.LoggerFactory;

/** Captures what the production JSON layout writes, as parsed lines, while open. */
public final class LogCapture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger root;
    private final ch.qos.logback.classic.Level previousLevel;

    public LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        StructuredJsonLayoutFactory factory = new StructuredJsonLayoutFactory();
        factory.setFlattenMdc(true);
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setLayout(factory.build(context, TimeZone.getTimeZone("UTC")));
        encoder.setContext(context);
        encoder.getLayout().start();
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(buffer);
        appender.setName("capture-" + System.identityHashCode(this));
        appender.start();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // An application stopped earlier in this JVM may leave the root level raised; capture from INFO up.
        previousLevel = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        root.addAppender(appender);
    }

    /** Every line written so far, parsed. */
    public synchronized List<JsonNode> lines() {
        String text;
        synchronized (buffer) {
            text = buffer.toString(StandardCharsets.UTF_8);
        }
        return text.lines().filter(line -> !line.isBlank()).map(LogCapture::parse).toList();
    }

    public List<JsonNode> linesWithMessage(String message) {
        return lines().stream().filter(line -> message.equals(line.path("message").asText())).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("log line is not JSON: " + line, e);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(previousLevel);
        appender.stop();
    }
}
