package com.pitcrew.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Commands print their results on stdout; log lines keep going to the log file but leave the console alone. */
final class CommandOutput {

    private CommandOutput() {
    }

    static void keepConsoleForResults() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> console = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            collectConsole(it.next(), console);
        }
        console.forEach(root::detachAppender);
    }

    private static void collectConsole(Appender<ILoggingEvent> appender, List<Appender<ILoggingEvent>> console) {
        if (appender instanceof ConsoleAppender<ILoggingEvent>) {
            console.add(appender);
        } else if (appender instanceof ch.qos.logback.core.spi.AppenderAttachable<?> attachable) {
            // Dropwizard wraps appenders in an async appender; look inside it.
            @SuppressWarnings("unchecked")
            ch.qos.logback.core.spi.AppenderAttachable<ILoggingEvent> typed =
                    (ch.qos.logback.core.spi.AppenderAttachable<ILoggingEvent>) attachable;
            for (Iterator<Appender<ILoggingEvent>> it = typed.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof ConsoleAppender<ILoggingEvent>) {
                    console.add(appender);
                }
            }
        }
    }
}
