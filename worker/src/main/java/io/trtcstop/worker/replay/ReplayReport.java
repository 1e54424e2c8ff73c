package io.trtcstop.worker.replay;

import io.trtcstop.worker.config.ReplayConfig;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** The text a replay prints: its plan (all of a dry run) and its summary. */
final class ReplayReport {

    /** Kinds and codes come from headers a producer could forge: shown escaped and at most this long. */
    private static final int CODE_CHARS = 120;
    private static final int HEADER_CHARS = 300;

    private ReplayReport() {
    }

    static void plan(PrintStream out, ReplayConfig config, ReplayOptions options, ReplayPlan plan, long ledgerEntries,
                     boolean ledgerExists) {
        out.println("dead-letter topic " + config.deadLetterTopic() + ": " + plan.scanned() + " dead letter(s); ledger "
                + config.ledgerTopic() + ": " + (ledgerExists ? ledgerEntries + " replayed before" : "missing"));
        out.println("filter: " + options.filter().describe() + (options.max() > 0 ? ", --max " + options.max() : "")
                + "; not matching: " + plan.notMatching());
        out.println((options.dryRun() ? "would replay " : "to replay: ") + plan.size()
                + (plan.size() == 0 ? "" : " to " + String.join(", ", plan.targetTopics())));
        groups(out, plan.planned(), options.dryRun());
        skipped(out, plan.skipped());
    }

    static void summary(PrintStream out, ReplayConfig config, ReplayPlan plan, DeadLetterGroups replayed,
                        boolean stopped) {
        out.println("replayed " + replayed.total() + " of " + plan.size() + " planned");
        groups(out, replayed, false);
        skipped(out, plan.skipped());
        if (stopped) {
            out.println("stopped before the end: run the same command again to replay the other "
                    + (plan.size() - replayed.total()) + " (nothing is replayed twice)");
        } else if (replayed.total() > 0) {
            out.println("verify: the worker writes one outcome per replayed command to " + config.outcomeTopic()
                    + " (read it with isolation.level=read_committed); new failures come back to "
                    + config.deadLetterTopic() + " with dlq.replay.count raised");
        }
    }

    /** One line per kind and code: count, already replayed, oldest and newest; with samples if asked. */
    static void groups(PrintStream out, DeadLetterGroups groups, boolean samples) {
        for (DeadLetterGroups.Group g : groups.groups()) {
            out.printf("  %-20s %-40s %6d%s  %s .. %s%n", Bytes.shown(g.key().kind(), CODE_CHARS),
                    Bytes.shown(g.key().code(), CODE_CHARS), g.count(),
                    g.alreadyReplayed() > 0 ? " (" + g.alreadyReplayed() + " replayed before)" : "",
                    time(g.oldest()), time(g.newest()));
            if (samples && g.sample() != null) {
                sample(out, g.sample());
            }
        }
    }

    static void sample(PrintStream out, DeadLetter d) {
        out.println("      sample " + d.at() + " at " + d.time() + " key " + Bytes.shown(d.key(), 120));
        out.println("        value   " + Bytes.shown(d.value(), 300));
        out.println("        headers " + d.headerText().entrySet().stream()
                .map(e -> Bytes.shown(e.getKey(), HEADER_CHARS) + "=" + Bytes.shown(e.getValue(), HEADER_CHARS))
                .collect(Collectors.joining(", ")));
    }

    private static void skipped(PrintStream out, Map<SkipReason, Map<String, Long>> skipped) {
        long total = skipped.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        out.println("skipped: " + total);
        skipped.forEach((reason, codes) -> out.println("  " + codes.values().stream().mapToLong(Long::longValue).sum()
                + " " + reason.description() + ": " + codes.entrySet().stream()
                .map(e -> Bytes.shown(e.getKey(), CODE_CHARS) + " " + e.getValue()).collect(Collectors.joining(", "))));
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.toString();
    }
}
