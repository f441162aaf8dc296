package com.pitcrew.bench.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's newcomer path under "## Your own calls", run as written with the built jar and the shipped
 * config.yml: the VTT block, then the "From Gong" block (the fake Gong in this JVM on a free port instead of 8089,
 * the exported variables given to each command), on a fresh database instead of ./data. Here rather than in the
 * service module because the fake lives in this one.
 */
class ReadmeNewcomerPathTest {

    private static final String JAR = "java -jar service/target/pitcrew.jar ";
    private static final String FAKE = "java -cp bench/target/benchmarks.jar com.pitcrew.bench.fakes.FakeGongServer ";
    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    @TempDir
    Path dir;

    private static Path repoRoot() {
        return Paths.get(System.getProperty("pitcrew.repoRoot", "..")).toAbsolutePath().normalize();
    }

    /** The lines of the section's first bash block and of the first one under "### From Gong". */
    private static List<String> steps() throws IOException {
        List<String> steps = new ArrayList<>();
        boolean inSection = false;
        boolean inBash = false;
        boolean wanted = true;
        int blocks = 0;
        for (String line : Files.readAllLines(repoRoot().resolve("README.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Your own calls");
            } else if (inSection && line.startsWith("### ")) {
                wanted = line.equals("### From Gong");
            } else if (inSection && line.startsWith("```")) {
                if (inBash) {
                    inBash = false;
                    blocks += wanted ? 1 : 0;
                    wanted = false; // only the first block of each part
                } else {
                    inBash = wanted && line.startsWith("```bash");
                }
            } else if (inBash) {
                steps.add(line.replaceFirst("\\s+#.*$", "").strip());
            }
        }
        assertThat(blocks).as("the VTT block and the Gong block").isEqualTo(2);
        return steps;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return words;
    }

    private String run(List<String> arguments, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", "service/target/pitcrew.jar"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot().toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("GONG_") || name.startsWith("OPENAI_")
                || name.startsWith("DATABASE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String printed = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", arguments) + "\n" + printed).isZero();
        return printed;
    }

    @Test
    void aNewcomerImportsVttFilesAndGongCallsAndAsksAboutThem() throws Exception {
        assertThat(repoRoot().resolve("service/target/pitcrew.jar")).as("built by the service module").exists();
        Map<String, String> env = new HashMap<>(Map.of(
                "DATABASE_URL", "jdbc:h2:file:" + dir.resolve("pitcrew"),
                "LOG_DIR", dir.resolve("logs").toString(),
                "UNLEASH_BACKUP_FILE", dir.resolve("unleash-backup.json").toString()));
        List<String> outputs = new ArrayList<>();
        FakeGongServer fake = null;
        try {
            for (String step : steps()) {
                if (step.startsWith(JAR)) {
                    outputs.add(run(words(step.substring(JAR.length())), env));
                } else if (step.startsWith(FAKE)) {
                    List<String> args = new ArrayList<>(words(step.substring(FAKE.length()).replaceFirst("&$", "")));
                    args.set(args.indexOf("--port") + 1, "0");
                    int folder = args.size() - 1;
                    args.set(folder, repoRoot().resolve(args.get(folder)).toString());
                    fake = FakeGongServer.start(args);
                } else if (step.startsWith("export ")) {
                    for (String assignment : words(step.substring("export ".length()))) {
                        String[] parts = assignment.split("=", 2);
                        String value = parts[0].equals("GONG_BASE_URL") && fake != null
                                ? parts[1].replaceFirst(":\\d+$", ":" + fake.port()) : parts[1];
                        env.put(parts[0], value);
                    }
                } else {
                    assertThat(step).as("a step this test does not know how to run").startsWith("mvn ");
                }
            }
        } finally {
            if (fake != null) {
                fake.close();
            }
        }

        assertThat(outputs).hasSize(6);
        assertThat(outputs.get(0)).contains("import-meetings: 2 imported (0 replaced), 0 failed, of 2 files");
        assertThat(outputs.get(3)).contains("gong:7782342274025937001 -> Raviga, 5 turns, new")
                .contains("gong:7782342274025937002 -> Raviga, 3 turns, new")
                .contains("sync-gong: 2 calls listed").contains("2 imported (0 replaced)");
        assertThat(outputs.get(4)).contains("Raviga — Raviga onboarding plan")
                .contains("Onboarding is our worry").contains("\"intent\":\"meeting_question\"");
        assertThat(outputs.get(5)).contains("Pied Piper — Pricing for the compression rollout")
                .contains("Raviga — Raviga pricing follow-up").contains("\"intent\":\"search_calls\"");
    }
}
