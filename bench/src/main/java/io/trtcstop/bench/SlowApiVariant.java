package io.trtcstop.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Quota variant "slow API": the emulator answers after 6 s for a while, then after 30 ms again, with a backlog
 * loaded at once. The API counts a call when it arrives, however long it then takes to answer (the emulator's
 * answer delay, as a gateway in front of a slow backend would); calls waiting for a slot while the API is slow
 * must not leave in a burst when it recovers (no second over 20 offered after the recovery).
 */
final class SlowApiVariant {

    static final Duration SLOW = Duration.ofSeconds(6);
    static final Duration RECOVERED = Duration.ofMillis(30);
    private static final String LABEL = QuotaVariant.SLOW_API.label();

    private final Map<String, String> env;

    SlowApiVariant(Map<String, String> env) {
        this.env = env;
    }

    /** Half the quota backlog, but enough that work is left when the slow phase ends (20/s for its length + 200). */
    static int backlog(Sizes sizes) {
        return Math.max(sizes.quotaBacklog() / 2, QuotaScenario.API_QUOTA * sizes.quotaSlowSeconds() + 200);
    }

    void run(BenchRun run, ScenarioResult result) throws Exception {
        int backlog = backlog(run.sizes());
        int slowSeconds = run.sizes().quotaSlowSeconds();
        BenchStack stack = run.stack();
        try (QuotaGroup group = QuotaGroup.startThree(run, QuotaVariant.SLOW_API, env, i -> List.of())) {
            String runName = group.topics().scenario();
            stack.emulator().faults().latency(RECOVERED, Duration.ZERO).answerDelay(SLOW.minus(RECOVERED));
            Bench.say(runName + ": API latency " + SLOW.toMillis() + " ms");
            long start = group.loadWhenStable(stack, result, backlog, CommandLoader.Spread.EVEN);
            if (start < 0) {
                return;
            }
            long deadline = run.deadline(start, 150 + slowSeconds + 3L * backlog / QuotaScenario.API_QUOTA);
            group.sleepUntil(start + slowSeconds * 1000L);
            stack.emulator().faults().answerDelay(Duration.ZERO);
            long recoveredAt = System.currentTimeMillis();
            Bench.say(runName + ": API latency back to " + RECOVERED.toMillis() + " ms after "
                    + (recoveredAt - start) / 1000 + " s; " + group.watcher().outcomes() + " outcomes so far");
            group.awaitOutcomes(backlog, deadline, result);
            long end = group.watcher().lastArrival();
            List<Integer> exits = group.stop();
            EmulatorStats stats = EmulatorStats.fetch(stack.emulator().endpoint());
            result.add(LABEL + ": slow phase (" + SLOW.toMillis() + " ms answers)", (recoveredAt - start) / 1000.0,
                    "s");
            result.atMost(LABEL + ": worst second offered after the recovery", stats.worstSecondOffered(recoveredAt),
                    "calls", QuotaScenario.API_QUOTA);
            QuotaFigures.worstSecond(result, LABEL, stats, null);
            QuotaFigures.rate(result, LABEL + ": accepted calls/s, recovery to last outcome",
                    stats.acceptedPerSecond(recoveredAt, end), null);
            QuotaFigures.rate(result, LABEL + ": accepted calls/s, load to last outcome",
                    QuotaFigures.acceptedPerSecond(stats, start, end), null);
            result.add(LABEL + ": drain time (load to last outcome)", (end - start) / 1000.0, "s");
            QuotaFigures.calls(result, LABEL, stats, null);
            Integrity.record(result, LABEL + ": ", group.watcher(), backlog, exits);
        }
    }
}
