package io.trtcstop.bench;

import java.util.List;

/**
 * Scenario 1: what the worker itself costs when the API is instant and unlimited. A backlog is loaded first, then
 * one instance drains it; CPU is read from /proc for the worker JVM, heap from its GC log.
 */
final class OverheadScenario implements Scenario {

    static final int PARTITIONS = 6;
    private static final double WARM_UP = 0.2;

    @Override
    public String name() {
        return "overhead";
    }

    @Override
    public String describe(Sizes s) {
        return String.format("API 0 ms, no rate limit, %,d commands, %d partitions, 1 instance", s.overheadCommands(),
                PARTITIONS);
    }

    @Override
    public void run(BenchRun run, ScenarioResult result) throws Exception {
        int n = run.sizes().overheadCommands();
        BenchStack stack = run.stack();
        ScenarioTopics topics = stack.prepare(name(), PARTITIONS);
        try (CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics);
             OutcomeWatcher watcher = new OutcomeWatcher(stack.bootstrapServers(), topics, false)) {
            loader.sendAll(loader.createTasks(n), CommandLoader.Spread.EVEN);
            Bench.say(name() + ": " + n + " commands loaded; starting the worker");
            try (WorkerFleet fleet = new WorkerFleet(run, topics, 1, BenchStack.UNLIMITED, List.of())) {
                long start = fleet.startedAtMillis();
                long deadline = run.deadline(start, 90 + n / 200);
                CpuWindow window = CpuWindow.measure(watcher, fleet, n, WARM_UP, deadline, result);
                WorkerProcess w = fleet.first();
                double peakRss = w.peakRssMib();
                List<Integer> exits = fleet.stop();
                GcLog gc = w.gcLog();

                result.atLeast("throughput, first to last outcome", ratePerSecond(n, watcher.arrivalOf(1),
                        watcher.lastArrival()), "commands/s", 3000);
                result.add("throughput after warm-up (" + pct(WARM_UP) + " to 100%)", window.outcomesPerSecond(),
                        "commands/s");
                result.add("throughput incl. JVM start", ratePerSecond(n, start, watcher.lastArrival()),
                        "commands/s");
                result.atMost("worker CPU per 1,000 commands after warm-up", window.cpuPer1000(), "s", 0.3);
                result.add("worker CPU per 1,000 commands incl. start", window.totalCpu() * 1000 / n, "s");
                result.add("worker CPU use after warm-up", window.cores(), "cores");
                result.add("peak heap used (GC log)", gc.peakUsedMib(), "MiB");
                result.add("peak heap committed", gc.peakCommittedMib(), "MiB");
                result.add("GC pauses", (long) gc.samples().size(), "");
                result.add("peak RSS (VmHWM)", peakRss, "MiB");
                Integrity.record(result, "", watcher, n, exits);
            }
        }
    }

    static double ratePerSecond(int count, long fromMillis, long toMillis) {
        return toMillis > fromMillis && fromMillis > 0 ? count * 1000.0 / (toMillis - fromMillis) : Double.NaN;
    }

    static String pct(double fraction) {
        return Math.round(fraction * 100) + "%";
    }
}
