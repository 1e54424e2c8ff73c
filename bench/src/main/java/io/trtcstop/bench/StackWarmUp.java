package io.trtcstop.bench;

import java.util.List;

/**
 * Drains a throw-away backlog through one worker before the first scenario, so that the broker (a child JVM) and
 * the emulator (in this JVM) are past their JIT warm-up when measuring starts. Without it the first scenario also
 * measured them: scenario 1 on a cold stack gave 2,184 commands/s after the worker's warm-up, on a warm one 3,621.
 */
final class StackWarmUp {

    private StackWarmUp() {
    }

    static void run(BenchRun run, int commands) throws Exception {
        if (commands <= 0) {
            return;
        }
        BenchStack stack = run.stack();
        ScenarioTopics topics = stack.prepare("warm-up", OverheadScenario.PARTITIONS);
        long start = System.nanoTime();
        try (CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics);
             OutcomeWatcher watcher = new OutcomeWatcher(stack.bootstrapServers(), topics, false)) {
            loader.sendAll(loader.createTasks(commands), CommandLoader.Spread.EVEN);
            try (WorkerFleet fleet = new WorkerFleet(run, topics, 1, BenchStack.UNLIMITED, List.of())) {
                long deadline = run.deadline(System.currentTimeMillis(), 90 + commands / 200);
                boolean drained = watcher.awaitOutcomes(commands, deadline, () -> fleet.died() != null);
                fleet.stop();
                Bench.say(String.format("warm-up: %,d commands through one worker in %.0f s%s (not measured)",
                        commands, (System.nanoTime() - start) / 1e9, drained ? "" : ", NOT drained"));
            }
        }
    }
}
