package io.trtcstop.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 5: a large backlog waiting when the worker starts with a small heap. It must not fail, its live heap
 * (after each GC, from its GC log) must stay flat, and it must drain everything.
 */
final class MemoryScenario implements Scenario {

    static final int PARTITIONS = 6;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String describe(Sizes s) {
        return String.format("%,d commands waiting, worker -Xmx%s, API 0 ms, no rate limit, %d partitions",
                s.memoryCommands(), s.memoryHeap(), PARTITIONS);
    }

    @Override
    public void run(BenchRun run, ScenarioResult result) throws Exception {
        int n = run.sizes().memoryCommands();
        BenchStack stack = run.stack();
        ScenarioTopics topics = stack.prepare(name(), PARTITIONS);
        try (CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics);
             OutcomeWatcher watcher = new OutcomeWatcher(stack.bootstrapServers(), topics, false)) {
            loader.sendAll(loader.createTasks(n), CommandLoader.Spread.EVEN);
            Bench.say(name() + ": " + n + " commands waiting; starting the worker with -Xmx" + run.sizes().memoryHeap());
            try (WorkerFleet fleet = new WorkerFleet(run, topics, 1, BenchStack.UNLIMITED,
                    List.of("-Xmx" + run.sizes().memoryHeap()))) {
                WorkerProcess w = fleet.first();
                long deadline = run.deadline(fleet.startedAtMillis(), 120 + n / 150);
                List<Double> rss = new ArrayList<>();
                while (watcher.outcomes() < n && fleet.died() == null && System.currentTimeMillis() < deadline) {
                    rss.add(w.rssMib());
                    Thread.sleep(1000);
                }
                String died = fleet.died();
                if (died != null) {
                    result.failed(died);
                } else if (watcher.outcomes() < n) {
                    result.timedOut(watcher.outcomes() + " of " + n + " outcomes");
                }
                double peakRss = died == null ? w.peakRssMib() : Double.NaN;
                List<Integer> exits = fleet.stop();
                GcLog gc = w.gcLog();
                double heapMib = heapMib(run.sizes().memoryHeap());
                result.expect("drained", watcher.outcomes() == n ? "yes" : "no", "", "yes", watcher.outcomes() == n);
                result.expect("worker failed (exited early, or OutOfMemoryError in its log)",
                        died != null || w.logShows("OutOfMemoryError") ? "yes" : "no", "", "no",
                        died == null && !w.logShows("OutOfMemoryError"));
                result.add("drain throughput, first to last outcome", OverheadScenario.ratePerSecond(n,
                        watcher.arrivalOf(1), watcher.lastArrival()), "commands/s");
                result.add("peak heap used (GC log)", gc.peakUsedMib(), "MiB");
                result.add("live heap after GC, max per quarter of the GCs", quarters(gc), "MiB");
                double third = gc.maxAfterMib(0.5, 0.75);
                double last = gc.maxAfterMib(0.75, 1.0);
                result.expect("live heap after GC, last quarter", last, "MiB", "≤ 3rd quarter + 10% of -Xmx",
                        last <= third + heapMib / 10);
                result.add("GC pauses", (long) gc.samples().size(), "");
                result.add("RSS, 2nd quarter / last quarter of the drain (max)", maxOf(rss, 0.25, 0.5) + " / "
                        + maxOf(rss, 0.75, 1.0), "MiB");
                result.add("peak RSS (VmHWM)", peakRss, "MiB");
                Integrity.record(result, "", watcher, n, exits);
                result.note("the worker remembers stopped tasks (DEDUP_CAPACITY, default 100,000, for DEDUP_TTL 10m), "
                        + "so its live heap grows until that many commands are done, then stays flat");
            }
        }
    }

    private static String quarters(GcLog gc) {
        return String.format("%.0f / %.0f / %.0f / %.0f", gc.maxAfterMib(0, 0.25), gc.maxAfterMib(0.25, 0.5),
                gc.maxAfterMib(0.5, 0.75), gc.maxAfterMib(0.75, 1.0));
    }

    private static String maxOf(List<Double> samples, double from, double to) {
        int a = (int) Math.floor(samples.size() * from);
        int b = Math.max(a, (int) Math.ceil(samples.size() * to));
        return samples.subList(a, Math.min(b, samples.size())).stream().mapToDouble(Double::doubleValue).max()
                .stream().mapToObj(v -> String.format("%.0f", v)).findFirst().orElse("n/a");
    }

    static double heapMib(String size) {
        String s = size.toLowerCase();
        double v = Double.parseDouble(s.replaceAll("[kmg]$", ""));
        return s.endsWith("g") ? v * 1024 : s.endsWith("k") ? v / 1024 : s.endsWith("m") ? v : v / (1024 * 1024);
    }
}
