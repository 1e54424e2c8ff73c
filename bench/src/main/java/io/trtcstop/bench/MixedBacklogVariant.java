package io.trtcstop.bench;

import java.util.List;
import java.util.Map;

/**
 * Quota variant "mixed": a backlog loaded at once on partition 0, and beside it a trickle of one command per second
 * on each of the other partitions. While the backlog lasts (from its load to its last outcome) the group should
 * still use the whole quota: the backlog's owner may not be held to a share sized for an even load.
 */
final class MixedBacklogVariant {

    private static final int BACKLOG_PARTITION = 0;
    private static final List<Integer> TRICKLE_PARTITIONS = List.of(1, 2, 3, 4, 5);
    private static final String LABEL = QuotaVariant.MIXED.label();

    private final Map<String, String> env;

    MixedBacklogVariant(Map<String, String> env) {
        this.env = env;
    }

    void run(BenchRun run, ScenarioResult result) throws Exception {
        int backlog = run.sizes().quotaBacklog();
        int trickleSeconds = run.sizes().quotaTrickleSeconds();
        int trickled = CommandTrickle.commands(TRICKLE_PARTITIONS.size(), trickleSeconds);
        int expected = backlog + trickled;
        BenchStack stack = run.stack();
        try (QuotaGroup group = QuotaGroup.startThree(run, QuotaVariant.MIXED, env, i -> List.of())) {
            String runName = group.topics().scenario();
            if (!group.awaitStable(stack, result)) {
                return;
            }
            List<String> backlogTasks = group.loader().createTasks(backlog);
            List<String> trickleTasks = group.loader().createTasks(trickled);
            Bench.say(runName + ": group at rest; loading " + backlog + " commands on partition " + BACKLOG_PARTITION
                    + " and trickling 1/s to partitions " + TRICKLE_PARTITIONS + " for " + trickleSeconds + " s");
            long start = System.currentTimeMillis();
            long deadline = run.deadline(start, 150 + trickleSeconds + 3L * expected / QuotaScenario.API_QUOTA);
            try (CommandTrickle trickle = new CommandTrickle(group.loader(), TRICKLE_PARTITIONS, trickleTasks,
                    trickleSeconds).start()) {
                group.loader().sendAll(backlogTasks, CommandLoader.Spread.ONE_PARTITION);
                trickle.awaitEnd(deadline - System.currentTimeMillis());
                group.awaitOutcomes(expected, deadline, result);
            }
            OutcomeWatcher watcher = group.watcher();
            long backlogEnd = watcher.lastArrivalFrom(BACKLOG_PARTITION);
            long end = watcher.lastArrival();
            List<Integer> exits = group.stop();
            EmulatorStats stats = EmulatorStats.fetch(stack.emulator().endpoint());
            result.atLeast(LABEL + ": accepted calls/s while the partition-0 backlog lasts",
                    stats.acceptedPerSecond(start, backlogEnd), "calls/s", QuotaScenario.API_QUOTA - 1.0);
            result.add(LABEL + ": partition-0 backlog time (load to its last outcome)",
                    backlogEnd < 0 ? Double.NaN : (backlogEnd - start) / 1000.0, "s");
            result.add(LABEL + ": partition-0 outcomes per second while it lasts",
                    backlogEnd <= start ? Double.NaN : watcher.outcomesFrom(BACKLOG_PARTITION) * 1000.0
                            / (backlogEnd - start), "outcomes/s");
            result.add(LABEL + ": trickle outcomes (partitions 1-5)", (long) (watcher.outcomes()
                    - watcher.outcomesFrom(BACKLOG_PARTITION)), "");
            QuotaFigures.rate(result, LABEL + ": accepted calls/s, load to last outcome",
                    QuotaFigures.acceptedPerSecond(stats, start, end), null);
            QuotaFigures.calls(result, LABEL, stats, 1.0);
            QuotaFigures.worstSecond(result, LABEL, stats, null);
            Integrity.record(result, LABEL + ": ", watcher, expected, exits);
        }
    }
}
