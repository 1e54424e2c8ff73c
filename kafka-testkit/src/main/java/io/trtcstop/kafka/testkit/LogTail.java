package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, for error messages that explain why a broker did not come up. */
final class LogTail {

    private LogTail() {
    }

    static String of(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(" + file + " does not exist)";
        }
        try {
            // Decoding leniently: a broker killed mid-write can leave a truncated multi-byte character.
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** A message followed by the tail of the log, ready for an exception. */
    static String explain(String message, Path log) {
        return message + "\n--- last lines of " + log + " ---\n" + of(log, 40);
    }
}
