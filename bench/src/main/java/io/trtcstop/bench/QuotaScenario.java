package io.trtcstop.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: the account's quota. The emulator allows 20 DeleteCloudTranscription calls per second; three
 * instances drain a backlog spread over all partitions, then one all on a single partition. Counts come from the
 * emulator's {@code /admin/stats}.
 */
final class QuotaScenario implements Scenario {

    static final int PARTITIONS = 6;
    static final int INSTANCES = 3;
    static final int API_QUOTA = 20;

    private final Integer rateLimitPerInstance;

    /** {@code rateLimitPerInstance}: TRTC_RATE_LIMIT for each instance, or null for the worker's default. */
    QuotaScenario(Integer rateLimitPerInstance) {
        this.rateLimitPerInstance = rateLimitPerInstance;
    }

    @Override
    public String name() {
        return "quota";
    }

    @Override
    public String describe(Sizes s) {
        return String.format("emulator limit %d/s, %d instances (%s), backlog %,d, %d partitions: even, then all "
                        + "on one partition", API_QUOTA, INSTANCES,
                rateLimitPerInstance == null ? "worker defaults" : "TRTC_RATE_LIMIT=" + rateLimitPerInstance,
                s.quotaBacklog(), PARTITIONS);
    }

    @Override
    public void run(BenchRun run, ScenarioResult result) throws Exception {
        if (rateLimitPerInstance == null) {
            result.note("instances at their defaults: TRTC_RATE_LIMIT unset, so they share TRTC_ACCOUNT_RATE_LIMIT "
                    + "(20/s) through the group; --quota-rate-limit-per-instance N fixes each instance's rate instead");
        } else {
            result.note("TRTC_RATE_LIMIT=" + rateLimitPerInstance + " per instance (--quota-rate-limit-per-instance)");
        }
        for (CommandLoader.Spread spread : CommandLoader.Spread.values()) {
            String label = spread == CommandLoader.Spread.EVEN ? "even" : "one partition";
            variant(run, result, spread, label);
            if (result.status() != ScenarioResult.Status.OK) {
                return;
            }
        }
    }

    private void variant(BenchRun run, ScenarioResult result, CommandLoader.Spread spread, String label)
            throws Exception {
        int backlog = run.sizes().quotaBacklog();
        BenchStack stack = run.stack();
        String runName = name() + "-" + (spread == CommandLoader.Spread.EVEN ? "even" : "skewed");
        ScenarioTopics topics = stack.prepare(runName, PARTITIONS);
        stack.emulator().rateLimitPerSecond(API_QUOTA);
        Map<String, String> env = rateLimitPerInstance == null ? Map.of()
                : Map.of("TRTC_RATE_LIMIT", Integer.toString(rateLimitPerInstance));
        try (CommandLoader loader = new CommandLoader(stack.bootstrapServers(), stack.emulator(), topics);
             OutcomeWatcher watcher = new OutcomeWatcher(stack.bootstrapServers(), topics, false);
             WorkerFleet fleet = new WorkerFleet(run, topics, INSTANCES, env, List.of())) {
            if (!stack.awaitGroupStable(topics.group(), INSTANCES, Duration.ofSeconds(120))) {
                result.failed(label + ": the " + INSTANCES + " instances did not form a stable group within 120 s"
                        + (fleet.died() == null ? "" : "; " + fleet.died()));
                return;
            }
            List<String> tasks = loader.createTasks(backlog);
            Bench.say(runName + ": group stable; loading " + backlog + " commands");
            long start = System.currentTimeMillis();
            loader.sendAll(tasks, spread);
            // At the quota a backlog takes backlog/20 s; retries with backoff may stretch it (RETRY_MAX_ELAPSED 2m).
            long deadline = run.deadline(start, 150 + 3L * backlog / API_QUOTA);
            if (!watcher.awaitOutcomes(backlog, deadline, () -> fleet.died() != null)) {
                String died = fleet.died();
                if (died != null) {
                    result.failed(label + ": " + died);
                } else {
                    result.timedOut(label + ": " + watcher.outcomes() + " of " + backlog + " outcomes");
                }
            }
            long end = watcher.lastArrival();
            List<Integer> exits = fleet.stop();
            EmulatorStats stats = EmulatorStats.fetch(stack.emulator().endpoint());
            double seconds = (end - start) / 1000.0;
            result.atLeast(label + ": accepted API calls per second", stats.accepted() / seconds, "calls/s",
                    API_QUOTA * 0.95);
            result.add(label + ": drain time (load to last outcome)", seconds, "s");
            result.add(label + ": API calls (accepted / RequestLimitExceeded)",
                    stats.accepted() + " / " + stats.throttled(), "");
            double share = stats.total() == 0 ? Double.NaN : 100.0 * stats.throttled() / stats.total();
            result.below(label + ": RequestLimitExceeded share of calls", share, "%", 1);
            result.add(label + ": calls by answer", stats.deleteCallsByCode().toString(), "");
            Integrity.record(result, label + ": ", watcher, backlog, exits);
        }
    }
}
