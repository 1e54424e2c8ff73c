package io.trtcstop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What scaling out buys a quota-bound group (issue 19, item 5): one backlog drained by a fixed group of 1, 3 and 6
 * instances against the emulator's 20 calls/s, and once by 1 instance that 5 more join mid-drain (what a lag-based
 * autoscaler does). Drain time runs from loading the backlog to its last outcome; counts come from the emulator's
 * {@code /admin/stats}. Not in the default set: {@code bin/bench scaling}; the backlog is
 * {@code -Dbench.scaling.backlog} (4,000).
 */
final class ScalingScenario implements Scenario {

    static final int PARTITIONS = 6;
    static final int API_QUOTA = 20;
    static final List<Integer> FIXED_GROUPS = List.of(1, 3, 6);
    /** The scale step: from this many instances to {@link #STEP_TO}, once a quarter of the backlog is done. */
    static final int STEP_FROM = 1;
    static final int STEP_TO = 6;

    private final int backlog = Integer.getInteger("bench.scaling.backlog", 4_000);

    @Override
    public String name() {
        return "scaling";
    }

    @Override
    public String describe(Sizes s) {
        return String.format("emulator limit %d/s, backlog %,d spread over %d partitions, worker defaults: fixed "
                + "groups of %s instances, then %d -> %d after a quarter of the backlog", API_QUOTA, backlog,
                PARTITIONS, FIXED_GROUPS, STEP_FROM, STEP_TO);
    }

    @Override
    public void run(BenchRun run, ScenarioResult result) throws Exception {
        result.note("drain time at the quota alone would be " + backlog / API_QUOTA + " s");
        for (int instances : FIXED_GROUPS) {
            variant(run, result, instances, 0);
            if (result.status() != ScenarioResult.Status.OK) {
                return;
            }
        }
        variant(run, result, STEP_FROM, STEP_TO - STEP_FROM);
    }

    /** {@code added} instances join once a quarter of the outcomes are committed (0: a fixed group). */
    private void variant(BenchRun run, ScenarioResult result, int instances, int added) throws Exception {
        BenchStack stack = run.stack();
        String label = added == 0 ? instances + " fixed" : instances + " -> " + (instances + added);
        String runName = name() + "-" + (added == 0 ? instances : instances + "to" + (instances + added));
        ScenarioTopics topics = stack.prepare(runName, PARTITIONS);
        stack.emulator().rateLimitPerSecond(API_QUOTA);
        List<WorkerFleet> fleets = new ArrayList<>();
        try (CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics);
             OutcomeWatcher watcher = new OutcomeWatcher(stack.bootstrapServers(), topics, false)) {
            fleets.add(new WorkerFleet(run, topics, instances, Map.of(), List.of()));
            if (!stack.awaitGroupStable(topics.group(), instances, Duration.ofSeconds(120))) {
                result.failed(label + ": the group did not become stable within 120 s" + died(fleets));
                return;
            }
            List<String> tasks = loader.createTasks(backlog);
            Bench.say(runName + ": group stable; loading " + backlog + " commands");
            long start = System.currentTimeMillis();
            loader.sendAll(tasks, CommandLoader.Spread.EVEN);
            long deadline = run.deadline(start, 150 + 3L * backlog / API_QUOTA);
            boolean done;
            if (added > 0) {
                done = watcher.awaitOutcomes(backlog / 4, deadline, () -> !died(fleets).isEmpty());
                if (done) {
                    // Other instance ids than the first fleet's: the same topics and group, a different name.
                    ScenarioTopics joining = new ScenarioTopics(topics.scenario() + "-joined", topics.partitions(),
                            topics.stop(), topics.outcome(), topics.deadLetter(), topics.group());
                    Bench.say(runName + ": " + watcher.outcomes() + " outcomes; starting " + added + " more");
                    fleets.add(new WorkerFleet(run, joining, added, Map.of(), List.of()));
                }
            }
            done = watcher.awaitOutcomes(backlog, deadline, () -> !died(fleets).isEmpty());
            if (!done) {
                String died = died(fleets);
                if (!died.isEmpty()) {
                    result.failed(label + died);
                } else {
                    result.timedOut(label + ": " + watcher.outcomes() + " of " + backlog + " outcomes");
                }
            }
            long end = watcher.lastArrival();
            List<Integer> exits = new ArrayList<>();
            fleets.forEach(f -> exits.addAll(f.stop()));
            EmulatorStats stats = EmulatorStats.fetch(stack.emulator().endpoint());
            double seconds = (end - start) / 1000.0;
            result.add(label + ": drain time (load to last outcome)", seconds, "s");
            result.add(label + ": accepted API calls per second", stats.accepted() / seconds, "calls/s");
            result.add(label + ": API calls (accepted / RequestLimitExceeded)",
                    stats.accepted() + " / " + stats.throttled(), "");
            result.add(label + ": RequestLimitExceeded share of calls",
                    stats.total() == 0 ? Double.NaN : 100.0 * stats.throttled() / stats.total(), "%");
            result.add(label + ": load average at the end", ProcFs.loadAverage(), "");
            Integrity.record(result, label + ": ", watcher, backlog, exits);
        } finally {
            fleets.forEach(WorkerFleet::close);
        }
    }

    private static String died(List<WorkerFleet> fleets) {
        for (WorkerFleet f : fleets) {
            String died = f.died();
            if (died != null) {
                return ": " + died;
            }
        }
        return "";
    }
}
