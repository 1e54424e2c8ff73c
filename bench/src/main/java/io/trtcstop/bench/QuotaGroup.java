package io.trtcstop.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One consumer group of a quota variant: its topics, the loader of its commands, the watcher of its outcomes and
 * its worker instances. Create every group's topics ({@link BenchStack#prepare}, which resets the emulator) before
 * starting any group.
 */
final class QuotaGroup implements AutoCloseable {

    private static final Duration STABLE_WITHIN = Duration.ofSeconds(120);
    /**
     * How long the group keeps one assignment before a variant loads it: every instance's share has settled (a
     * visibility, 1.1 to 1.3 s, and the next second) and the backlog meets a running group, as in production.
     */
    static final Duration AT_REST = Duration.ofSeconds(4);

    private final String label;
    private final ScenarioTopics topics;
    private final CommandLoader loader;
    private final OutcomeWatcher watcher;
    private final WorkerFleet fleet;
    private final int instances;

    private QuotaGroup(String label, ScenarioTopics topics, CommandLoader loader, OutcomeWatcher watcher,
                       WorkerFleet fleet, int instances) {
        this.label = label;
        this.topics = topics;
        this.loader = loader;
        this.watcher = watcher;
        this.fleet = fleet;
        this.instances = instances;
    }

    /**
     * The usual group of a variant: fresh topics named after it (the emulator reset and at the quota) and
     * {@link QuotaScenario#INSTANCES} instances.
     */
    static QuotaGroup startThree(BenchRun run, QuotaVariant variant, Map<String, String> env,
                                 IntFunction<List<String>> jvmArgsOf) {
        ScenarioTopics topics = QuotaScenario.prepare(run.stack(), "quota-" + variant.key());
        return start(run, variant.label(), topics, QuotaScenario.INSTANCES, env, jvmArgsOf);
    }

    /** Starts watching the outcomes and {@code instances} workers; {@code jvmArgsOf} gives each its JVM options. */
    static QuotaGroup start(BenchRun run, String label, ScenarioTopics topics, int instances, Map<String, String> env,
                            IntFunction<List<String>> jvmArgsOf) {
        BenchStack stack = run.stack();
        CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics);
        OutcomeWatcher watcher = null;
        try {
            watcher = new OutcomeWatcher(stack.bootstrapServers(), topics, false);
            WorkerFleet fleet = new WorkerFleet(run, topics, instances, env, jvmArgsOf);
            return new QuotaGroup(label, topics, loader, watcher, fleet, instances);
        } catch (RuntimeException e) {
            if (watcher != null) {
                watcher.close();
            }
            loader.close();
            throw e;
        }
    }

    ScenarioTopics topics() {
        return topics;
    }

    CommandLoader loader() {
        return loader;
    }

    OutcomeWatcher watcher() {
        return watcher;
    }

    WorkerFleet fleet() {
        return fleet;
    }

    /**
     * Waits until every instance owns partitions in a stable group that has kept its assignment for
     * {@link #AT_REST}; if not, marks {@code result} failed.
     */
    boolean awaitStable(BenchStack stack, ScenarioResult result) throws InterruptedException {
        if (stack.awaitGroupAtRest(topics.group(), instances, AT_REST, STABLE_WITHIN)) {
            return true;
        }
        result.failed(label + ": the " + instances + " instances did not form a stable group within "
                + STABLE_WITHIN.toSeconds() + " s" + (fleet.died() == null ? "" : "; " + fleet.died()));
        return false;
    }

    /**
     * Once the group is stable, creates {@code count} running tasks in the emulator and loads a command for each at
     * once; returns when the load began (epoch ms), or -1 when the group did not become stable ({@code result} is
     * then marked failed).
     */
    long loadWhenStable(BenchStack stack, ScenarioResult result, int count, CommandLoader.Spread spread)
            throws InterruptedException {
        if (!awaitStable(stack, result)) {
            return -1;
        }
        List<String> tasks = loader.createTasks(count);
        Bench.say(topics.scenario() + ": group at rest; loading " + count + " commands"
                + (spread == CommandLoader.Spread.ONE_PARTITION ? " on partition 0" : ""));
        long start = System.currentTimeMillis();
        loader.sendAll(tasks, spread);
        return start;
    }

    /** Sleeps until {@code atMillis} (epoch ms) unless an instance ends by itself first; true if none did. */
    boolean sleepUntil(long atMillis) throws InterruptedException {
        long left;
        while ((left = atMillis - System.currentTimeMillis()) > 0 && fleet.died() == null) {
            Thread.sleep(Math.min(200, left));
        }
        return fleet.died() == null;
    }

    /**
     * Waits until {@code expected} outcomes arrived; if not (deadline, or an instance ended by itself), marks
     * {@code result} timed out or failed.
     */
    boolean awaitOutcomes(int expected, long deadlineMillis, ScenarioResult result) throws InterruptedException {
        if (watcher.awaitOutcomes(expected, deadlineMillis, () -> fleet.died() != null)) {
            return true;
        }
        String died = fleet.died();
        if (died != null) {
            result.failed(label + ": " + died);
        } else {
            result.timedOut(label + ": " + watcher.outcomes() + " of " + expected + " outcomes");
        }
        return false;
    }

    /** SIGTERM to every instance still running; their exit codes (a killed one's is 137). */
    List<Integer> stop() {
        return fleet.stop();
    }

    @Override
    public void close() {
        fleet.close();
        watcher.close();
        loader.close();
    }
}
