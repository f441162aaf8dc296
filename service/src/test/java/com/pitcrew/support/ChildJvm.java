package com.pitcrew.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.pitcrew.PitCrewApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real main() in a child JVM from a chosen directory, as an operator would, and keeps what it prints. */
public final class ChildJvm {

    /** What the process left: its exit code and both streams. */
    public record Outcome(int exitCode, String stdout, String stderr) {
    }

    private ChildJvm() {
    }

    /** Runs {@code args} with the given environment (on top of the test's, minus every PitCrew setting). */
    public static Outcome run(Path workDir, Map<String, String> environment, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                PitCrewApplication.class.getName()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("OPENAI_") || key.startsWith("AIRTABLE_")
                || key.startsWith("SLACK_") || key.startsWith("DATABASE_") || key.startsWith("UNLEASH_")
                || key.equals("LOG_DIR"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("process ends by itself").isTrue();
        return new Outcome(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
