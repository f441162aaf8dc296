package com.pitcrew.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import io.dropwizard.logging.json.layout.EventJsonLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

/**
 * Dropwizard's JSON layout ({@code type: json}) plus {@link LogFields} arguments written as top-level fields, so the
 * request summary's {@code stages} is a JSON object rather than a string. Configured as {@code type: pitcrew-json}.
 */
@JsonTypeName("pitcrew-json")
public final class StructuredJsonLayoutFactory extends EventJsonLayoutBaseFactory {

    @Override
    public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
        EventJsonLayout layout = new StructuredEventJsonLayout(this, context, timeZone);
        layout.setContext(context);
        return layout;
    }

    private static final class StructuredEventJsonLayout extends EventJsonLayout {

        StructuredEventJsonLayout(StructuredJsonLayoutFactory factory, LoggerContext context, TimeZone timeZone) {
            super(factory.createDropwizardJsonFormatter(), factory.createTimestampFormatter(timeZone),
                    factory.createThrowableProxyConverter(context), factory.getIncludes(),
                    factory.getCustomFieldNames(), factory.getAdditionalFields(), factory.getIncludesMdcKeys(),
                    factory.isFlattenMdc());
        }

        @Override
        protected Map<String, Object> toJsonMap(ILoggingEvent event) {
            Map<String, Object> map = new LinkedHashMap<>(super.toJsonMap(event));
            Object[] arguments = event.getArgumentArray();
            if (arguments != null) {
                for (Object argument : arguments) {
                    if (argument instanceof LogFields fields) {
                        fields.asMap().forEach(map::putIfAbsent);
                    }
                }
            }
            return map;
        }
    }
}
