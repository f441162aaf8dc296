package com.pitcrew.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the commands a runbook tells operators to type, so tests run them exactly as written. */
public final class Runbooks {

    private Runbooks() {
    }

    /** The single-line curl commands of a runbook's bash blocks, in order. */
    public static List<String> curlCommands(Path runbook) throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inBash = false;
        for (String line : Files.readAllLines(runbook)) {
            if (line.startsWith("```")) {
                inBash = !inBash && line.startsWith("```bash");
            } else if (inBash && line.startsWith("curl ")) {
                commands.add(line);
            }
        }
        return commands;
    }

    /** Every command line of a runbook's bash blocks, in order (blank lines and comments left out). */
    public static List<String> commands(Path runbook) throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inBash = false;
        for (String line : Files.readAllLines(runbook)) {
            if (line.startsWith("```")) {
                inBash = !inBash && line.startsWith("```bash");
            } else if (inBash && !line.isBlank() && !line.startsWith("#")) {
                commands.add(line);
            }
        }
        return commands;
    }
}
