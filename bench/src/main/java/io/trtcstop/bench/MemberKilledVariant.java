package io.trtcstop.bench;

import java.util.List;
import java.util.Map;

/**
 * Quota variant "static member killed": an even backlog; once outcomes flow steadily one of the three instances is
 * SIGKILLed. The instances are static members (WORKER_INSTANCE_ID), so the dead one keeps its partitions until the
 * broker's session timeout; meanwhile the two survivors should still use the whole quota. Its calls stop with it,
 * so the emulator's accepted calls from then on are the survivors'. Every command still gets its outcome once the
 * dead member's partitions move.
 */
final class MemberKilledVariant {

    /** The survivors' rate is measured from this long after the kill... */
    static final int SETTLE_SECONDS = 5;
    /** ...and the recovery shown per second for this long after it. */
    static final int RECOVERY_SECONDS = 10;
    /** The instance killed: the last. */
    private static final int KILLED = QuotaScenario.INSTANCES - 1;
    /** What the broker takes to expire a static member's session (the consumer's default, 45 s), and some. */
    private static final int SESSION_ALLOWANCE_SECONDS = 60;
    private static final String LABEL = QuotaVariant.MEMBER_KILLED.label();

    private final Map<String, String> env;

    MemberKilledVariant(Map<String, String> env) {
        this.env = env;
    }

    /** When to kill, in seconds after the load: 20 at the full backlog, 10 at the quick one. */
    static int killAfterSeconds(Sizes sizes) {
        return Math.clamp(sizes.quotaBacklog() / 100, 10, 20);
    }

    /** How long the survivors' rate is measured: as long as the wait before the kill. */
    static int measuredSeconds(Sizes sizes) {
        return killAfterSeconds(sizes);
    }

    /**
     * The quota backlog, but at least enough that the survivors' partitions (two thirds of them) still hold work
     * at the quota until the end of the measurement, with room to spare.
     */
    static int backlog(Sizes sizes) {
        int quota = QuotaScenario.API_QUOTA;
        int needed = quota * killAfterSeconds(sizes) + 3 * quota * (SETTLE_SECONDS + measuredSeconds(sizes)) / 2 + 100;
        return Math.max(sizes.quotaBacklog(), needed);
    }

    void run(BenchRun run, ScenarioResult result) throws Exception {
        Sizes sizes = run.sizes();
        int backlog = backlog(sizes);
        int measured = measuredSeconds(sizes);
        BenchStack stack = run.stack();
        try (QuotaGroup group = QuotaGroup.startThree(run, QuotaVariant.MEMBER_KILLED, env, i -> List.of())) {
            long start = group.loadWhenStable(stack, result, backlog, CommandLoader.Spread.EVEN);
            if (start < 0) {
                return;
            }
            long deadline = run.deadline(start, 150 + SESSION_ALLOWANCE_SECONDS + 3L * backlog / QuotaScenario.API_QUOTA);
            if (!group.sleepUntil(start + killAfterSeconds(sizes) * 1000L)) {
                result.failed(LABEL + ": " + group.fleet().died() + " before the kill");
                return;
            }
            int outcomesAtKill = group.watcher().outcomes();
            long killedAt = System.currentTimeMillis();
            int killedExit = group.fleet().kill(KILLED);
            Bench.say(group.topics().scenario() + ": SIGKILLed " + group.fleet().workers().get(KILLED).instanceId() + " after "
                    + outcomesAtKill + " outcomes (exit " + killedExit + ")");
            group.awaitOutcomes(backlog, deadline, result);
            long end = group.watcher().lastArrival();
            List<Integer> exits = group.stop();
            EmulatorStats stats = EmulatorStats.fetch(stack.emulator().endpoint());
            long measureFrom = killedAt + SETTLE_SECONDS * 1000L;
            List<Long> survivors = stats.acceptedEachSecond(measureFrom, measured);
            result.add(LABEL + ": killed after (load to SIGKILL; outcomes by then)", String.format("%.1f s; %,d",
                    (killedAt - start) / 1000.0, outcomesAtKill), "");
            QuotaFigures.rate(result, LABEL + ": accepted calls/s before the kill (load to SIGKILL)",
                    stats.acceptedPerSecond(start, killedAt), null);
            result.atLeast(String.format("%s: accepted calls/s of the 2 survivors, kill+%d s for %d s", LABEL,
                    SETTLE_SECONDS, measured), survivors.stream().mapToLong(Long::longValue).average()
                    .orElse(Double.NaN), "calls/s", QuotaScenario.API_QUOTA - 2.0);
            result.add(LABEL + ": accepted calls in each of the first " + RECOVERY_SECONDS + " s after the kill",
                    stats.acceptedEachSecond(killedAt, RECOVERY_SECONDS).toString(), "");
            result.add(LABEL + ": kill to last outcome", end < killedAt ? Double.NaN : (end - killedAt) / 1000.0, "s");
            QuotaFigures.rate(result, LABEL + ": accepted calls/s, load to last outcome",
                    QuotaFigures.acceptedPerSecond(stats, start, end), null);
            QuotaFigures.calls(result, LABEL, stats, null);
            QuotaFigures.worstSecond(result, LABEL, stats, null);
            Integrity.record(result, LABEL + ": ", group.watcher(), backlog, exits);
        }
    }
}
