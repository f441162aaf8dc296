package com.pitcrew.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CheckedTaskTest {

    private final AtomicInteger runs = new AtomicInteger();

    private final CheckedTask task = new CheckedTask("needs-name") {
        @Override
        public Optional<String> problem(Map<String, List<String>> parameters) {
            return parameter(parameters, "name").isEmpty() ? Optional.of("name is required") : Optional.empty();
        }

        @Override
        protected void run(Map<String, List<String>> parameters, PrintWriter output) {
            runs.incrementAndGet();
            output.println("hello " + parameter(parameters, "name").orElseThrow());
        }
    };

    private String execute(Map<String, List<String>> parameters) {
        StringWriter output = new StringWriter();
        task.execute(parameters, new PrintWriter(output, true));
        return output.toString().strip();
    }

    @Test
    void validInputRuns() {
        assertThat(execute(Map.of("name", List.of(" ops ")))).isEqualTo("hello ops");
        assertThat(runs).hasValue(1);
    }

    @Test
    void badInputNeverRunsEvenWithoutTheFilter() {
        assertThat(execute(Map.of("name", List.of("  ")))).isEqualTo("error: name is required");
        assertThat(execute(Map.of())).isEqualTo("error: name is required");
        assertThat(runs).hasValue(0);
    }
}
