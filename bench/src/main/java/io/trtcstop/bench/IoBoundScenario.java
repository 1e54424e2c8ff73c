package io.trtcstop.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: a slow API (100 ms) without a rate limit. With at most L calls in flight the worker cannot beat
 * L / 100 ms; how close it gets after warm-up, against a plain one-record-at-a-time consumer in the same run.
 */
final class IoBoundScenario implements Scenario {

    static final int PARTITIONS = 6;
    static final Duration API_LATENCY = Duration.ofMillis(100);
    private static final double FROM = 0.2;
    private static final double TO = 0.9;

    @Override
    public String name() {
        return "io-bound";
    }

    @Override
    public String describe(Sizes s) {
        return String.format("API %d ms, no rate limit, %,d commands, %d partitions, 1 instance, MAX_IN_FLIGHT %d; "
                + "plain consumer for %d s", API_LATENCY.toMillis(), s.ioCommands(), PARTITIONS, s.inFlight(),
                s.baselineSeconds());
    }

    @Override
    public void run(BenchRun run, ScenarioResult result) throws Exception {
        int n = run.sizes().ioCommands();
        int inFlight = run.sizes().inFlight();
        double bound = inFlight * 1000.0 / API_LATENCY.toMillis();
        BenchStack stack = run.stack();
        ScenarioTopics topics = stack.prepare(name(), PARTITIONS);
        stack.emulator().faults().latency(API_LATENCY, Duration.ZERO);
        try (CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics);
             OutcomeWatcher watcher = new OutcomeWatcher(stack.bootstrapServers(), topics, false)) {
            loader.sendAll(loader.createTasks(n), CommandLoader.Spread.EVEN);
            Bench.say(name() + ": " + n + " commands loaded; starting the worker");
            try (WorkerFleet fleet = new WorkerFleet(run, topics, 1,
                    Map.of("MAX_IN_FLIGHT", Integer.toString(inFlight), "TRTC_RATE_LIMIT", BenchStack.UNLIMITED.get("TRTC_RATE_LIMIT")), List.of())) {
                long deadline = run.deadline(fleet.startedAtMillis(), 90 + (long) (3 * n / bound));
                CpuWindow window = CpuWindow.measure(watcher, fleet, n, FROM, deadline, result);
                List<Integer> exits = fleet.stop();
                double rate = watcher.rate(n, FROM, TO);
                result.add("worker throughput (" + OverheadScenario.pct(FROM) + " to " + OverheadScenario.pct(TO)
                        + " of outcomes)", rate, "commands/s");
                result.add("bound L / latency", bound, "commands/s");
                result.atLeast("worker share of the bound", 100 * rate / bound, "%", 90);
                result.add("worker CPU per 1,000 commands after warm-up", window.cpuPer1000(), "s");
                result.add("worker CPU use after warm-up", window.cores(), "cores");
                Integrity.record(result, "", watcher, n, exits);
                baseline(run, result, rate);
            }
        }
    }

    private void baseline(BenchRun run, ScenarioResult result, double workerRate) throws Exception {
        BenchStack stack = run.stack();
        int seconds = run.sizes().baselineSeconds();
        ScenarioTopics topics = stack.prepare(name() + "-baseline", PARTITIONS);
        stack.emulator().faults().latency(API_LATENCY, Duration.ZERO);
        // More commands than one call at a time per partition can finish in the time given: it never runs dry.
        int n = (int) (PARTITIONS * seconds * 1000L / API_LATENCY.toMillis() * 3 / 2);
        try (CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics)) {
            loader.sendAll(loader.createTasks(n), CommandLoader.Spread.EVEN);
        }
        Bench.say(name() + ": plain consumer baseline for " + seconds + " s");
        PlainConsumerBaseline.Result b = PlainConsumerBaseline.run(stack.bootstrapServers(), topics,
                stack.emulator().endpoint(), Duration.ofSeconds(seconds), Duration.ofSeconds(Math.min(3, seconds / 3)));
        result.add("plain consumer throughput (poll, call, commit; 1 thread per partition)", b.commandsPerSecond(),
                "commands/s");
        result.add("plain consumer commands finished (failed)", b.finished() + " (" + b.failed() + ")", "");
        result.atLeast("worker / plain consumer", workerRate / b.commandsPerSecond(), "x", 10);
    }
}
