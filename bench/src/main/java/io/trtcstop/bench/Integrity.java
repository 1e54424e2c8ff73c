package io.trtcstop.bench;

import java.util.List;

/** The checks every scenario ends with: each command got exactly one outcome, and the workers stopped cleanly. */
final class Integrity {

    private Integrity() {
    }

    /** {@code prefix} tells apart the parts of a scenario that has several ("even: "), or is empty. */
    static void record(ScenarioResult result, String prefix, OutcomeWatcher watcher, int expected,
                       List<Integer> exitCodes) {
        result.expect(prefix + "outcomes committed", (long) watcher.outcomes(), "",
                "= " + String.format("%,d", expected), watcher.outcomes() == expected);
        result.expect(prefix + "duplicate outcomes", watcher.duplicates(), "", "= 0", watcher.duplicates() == 0);
        result.expect(prefix + "dead letters", watcher.deadLetters(), "", "= 0", watcher.deadLetters() == 0);
        result.add(prefix + "outcomes by status", watcher.byStatus().toString(), "");
        result.add(prefix + "worker exit codes after SIGTERM", exitCodes.toString(), "");
    }
}
