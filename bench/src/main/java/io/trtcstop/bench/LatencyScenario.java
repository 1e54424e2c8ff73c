package io.trtcstop.bench;

import io.trtcstop.emulator.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 4: latency at a light, steady load (10 commands/s, API 50 ms), from the command record's timestamp to
 * the moment a read_committed consumer receives its outcome. Then the same load with every 20th command failing
 * with InternalError for a few seconds (an emulator script, removed on a timer): the latency of the others shows
 * whether finished commands wait for retrying ones before them.
 */
final class LatencyScenario implements Scenario {

    static final int PARTITIONS = 6;
    static final int RATE = 10;
    static final int WARM_UP_SECONDS = 3;
    static final Duration API_LATENCY = Duration.ofMillis(50);
    static final int FAILING_EVERY = 20;

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String describe(Sizes s) {
        return String.format("%d commands/s offered, API %d ms, emulator limit %d/s, worker defaults, "
                        + "%d partitions, 1 instance: %d s healthy, then %d s with %d%% failing (InternalError) for %d s",
                RATE, API_LATENCY.toMillis(), QuotaScenario.API_QUOTA, PARTITIONS, s.latencySeconds(),
                s.latencySeconds(), 100 / FAILING_EVERY, s.faultSeconds());
    }

    @Override
    public void run(BenchRun run, ScenarioResult result) throws Exception {
        int phase = run.sizes().latencySeconds() * RATE;
        int warm = WARM_UP_SECONDS * RATE;
        int total = warm + 2 * phase;
        BenchStack stack = run.stack();
        ScenarioTopics topics = stack.prepare(name(), PARTITIONS);
        FaultPlan faults = stack.emulator().faults().latency(API_LATENCY, Duration.ZERO);
        stack.emulator().rateLimitPerSecond(QuotaScenario.API_QUOTA); // the real API's; 10/s never reaches it
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics);
             OutcomeWatcher watcher = new OutcomeWatcher(stack.bootstrapServers(), topics, true);
             WorkerFleet fleet = new WorkerFleet(run, topics, 1, Map.of(), List.of())) {
            List<String> tasks = loader.createTasks(total);
            if (!stack.awaitGroupStable(topics.group(), 1, Duration.ofSeconds(120))) {
                result.failed("the worker did not join its group within 120 s"
                        + (fleet.died() == null ? "" : "; " + fleet.died()));
                return;
            }
            Bench.say(name() + ": worker ready; sending " + total + " commands at " + RATE + "/s");
            Map<String, Long> sentAt = new HashMap<>();
            List<String> healthy = new ArrayList<>();
            List<String> others = new ArrayList<>();
            List<String> failing = new ArrayList<>();
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) / RATE;
            long next = System.nanoTime();
            for (int i = 0; i < total && fleet.died() == null; i++) {
                String task = tasks.get(i);
                if (i >= warm + phase) {
                    if ((i - warm - phase) % FAILING_EVERY == 0) {
                        faults.scriptStopAnswersForever(task, "InternalError");
                        timer.schedule(() -> faults.clearStopScript(task), run.sizes().faultSeconds(),
                                TimeUnit.SECONDS);
                        failing.add(task);
                    } else {
                        others.add(task);
                    }
                } else if (i >= warm) {
                    healthy.add(task);
                }
                LockSupport.parkNanos(next - System.nanoTime());
                next += intervalNanos;
                sentAt.put(task, loader.send(task, CommandLoader.Spread.EVEN));
            }
            loader.flush();
            long deadline = run.deadline(System.currentTimeMillis(), 120 + run.sizes().faultSeconds());
            if (!watcher.awaitOutcomes(total, deadline, () -> fleet.died() != null)) {
                if (fleet.died() != null) {
                    result.failed(fleet.died());
                } else {
                    result.timedOut(watcher.outcomes() + " of " + total + " outcomes");
                }
            }
            List<Integer> exits = fleet.stop();
            Percentiles h = latencies(healthy, sentAt, watcher, false);
            result.add("healthy: commands", (long) h.count(), "");
            result.add("healthy: p50", h.at(0.5), "ms");
            result.below("healthy: p99", h.at(0.99), "ms", 150);
            result.add("healthy: max", h.max(), "ms");
            result.add("healthy: p99 by the outcome record's timestamp", latencies(healthy, sentAt, watcher, true)
                    .at(0.99), "ms");
            Percentiles o = latencies(others, sentAt, watcher, false);
            Percentiles f = latencies(failing, sentAt, watcher, false);
            result.add("with 5% failing: other commands", (long) o.count(), "");
            result.add("with 5% failing: p50 of the others", o.at(0.5), "ms");
            result.below("with 5% failing: p99 of the others", o.at(0.99), "ms", 250);
            result.add("with 5% failing: max of the others", o.max(), "ms");
            result.add("with 5% failing: others slower than 1 s", o.countAbove(1000), "");
            result.add("with 5% failing: failing commands (p50 / max)", f.count() + " (" + seconds(f.at(0.5))
                    + " / " + seconds(f.max()) + ")", "");
            Integrity.record(result, "", watcher, total, exits);
            result.note("latency = receive time of the outcome by a read_committed consumer minus the command "
                    + "record's timestamp (set by the bench when sending); the outcome record's own timestamp is "
                    + "when the worker wrote it into its transaction, before the commit made it visible");
        } finally {
            timer.shutdownNow();
        }
    }

    private static Percentiles latencies(List<String> tasks, Map<String, Long> sentAt, OutcomeWatcher watcher,
                                         boolean byRecordTimestamp) {
        List<Long> values = new ArrayList<>();
        for (String task : tasks) {
            OutcomeWatcher.Arrival a = watcher.arrival(task);
            if (a != null) {
                values.add((byRecordTimestamp ? a.recordTimestampMillis() : a.receivedAtMillis()) - sentAt.get(task));
            }
        }
        return Percentiles.of(values);
    }

    /** Milliseconds as seconds with one decimal, for durations that are seconds long. */
    private static String seconds(double millis) {
        return Double.isNaN(millis) ? "n/a" : String.format("%.1f s", millis / 1000);
    }
}
