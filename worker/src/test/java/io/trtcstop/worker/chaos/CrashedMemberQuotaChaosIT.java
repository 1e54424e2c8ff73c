package io.trtcstop.worker.chaos;

import io.trtcstop.emulator.CallsPerSecond;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17, item 4: one of three static members (WORKER_INSTANCE_ID set) is SIGKILLed during an even backlog. It
 * stays in the group with its partitions until its session expires (45 s), so nothing rebalances; its offsets stand
 * still, the others count it as silent within seconds and take its share. Asserted: the two survivors together
 * accept at least {@link #SURVIVORS_SHARE} of the limit from {@link #TAKEN_OVER_WITHIN} after the kill until the
 * first second in which one of them makes no call (it ran out of work); the group never offers more than the limit
 * outside the documented edge slack; every command gets its outcome once the killed member's session has expired
 * and the survivors have its partitions.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashedMemberQuotaChaosIT {

    private static final int INSTANCES = 3;
    private static final int PARTITIONS = 6;
    private static final int KILLED = 2;
    /**
     * Issue 17's "within 5 s": silent 2 s after its last outcome, seen within a refresh (0.5 s), the others' shares
     * grow at the start of the first second a visibility (about 1.1 s) later.
     */
    static final Duration TAKEN_OVER_WITHIN = Duration.ofSeconds(5);
    static final double SURVIVORS_SHARE = 0.9;

    @Test
    void theSurvivorsTakeACrashedStaticMembersShareWithinSeconds(KafkaBroker broker) throws Exception {
        int records = ChaosSettings.scaled(900);
        try (ChaosApi api = ChaosApi.start(ScaleChaosIT.ACCOUNT_LIMIT, Duration.ofMillis(30), Duration.ofMillis(30));
             ChaosRun run = ChaosRun.start(broker, "crashed", "a static member SIGKILLed during an even backlog, "
                     + "3 instances, API limited to 20/s", PARTITIONS, api)) {
            for (int i = 0; i < INSTANCES; i++) {
                Map<String, String> env = api.ownCredentials(run.env("crashed-" + i), i);
                env.put("TRTC_ACCOUNT_RATE_LIMIT", String.valueOf(ScaleChaosIT.ACCOUNT_LIMIT));
                run.fleet.start("worker-" + i, env);
            }
            ConsumerGroupWatch.awaitStable(run.topics, INSTANCES, Duration.ofSeconds(120));
            for (int i = 0; i < records; i++) {
                run.load.stopCommand(null);
            }
            run.awaitOutcomes(records / 4, Duration.ofSeconds(120));
            run.fleet.crash(KILLED);
            Instant killedAt = Instant.now();
            run.settleAndCheck(Duration.ofSeconds(240));

            List<CallsPerSecond.Second> seconds = api.perSecond();
            Map<String, List<CallsPerSecond.Second>> byCaller = api.perSecondByCaller();
            QuotaSeconds.checkOffered(seconds, ScaleChaosIT.ACCOUNT_LIMIT, List.of(), run.report);
            QuotaSeconds.checkThrottled(seconds, run.report);
            String killed = String.format("AKIDchaosInstance%06d", KILLED);
            long from = killedAt.plus(TAKEN_OVER_WITHIN).getEpochSecond() + 1;
            long end = from;
            while (survivorsCalledIn(byCaller, killed, end)) {
                end++;
            }
            long to = end - 1;
            long accepted = byCaller.entrySet().stream().filter(e -> !e.getKey().equals(killed))
                    .flatMap(e -> e.getValue().stream())
                    .filter(s -> s.epochSecond() >= from && s.epochSecond() <= to)
                    .mapToLong(CallsPerSecond.Second::accepted).sum();
            double rate = to < from ? 0 : (double) accepted / (to - from + 1);
            run.report.figure("survivors after the kill", "%.2f accepted calls/s over %d s, from %d s after it; "
                    + "first seconds after it: %s", rate, to - from + 1, TAKEN_OVER_WITHIN.toSeconds(),
                    firstSeconds(byCaller, killed, killedAt.getEpochSecond()));
            run.report.check(to - from + 1 >= 5, "only %d s of backlog after the survivors took over: too short to "
                    + "measure", to - from + 1);
            run.report.check(rate >= SURVIVORS_SHARE * ScaleChaosIT.ACCOUNT_LIMIT, "the survivors accepted %.2f "
                    + "calls/s from %d s after the kill, below %.0f %% of the limit", rate,
                    TAKEN_OVER_WITHIN.toSeconds(), 100 * SURVIVORS_SHARE);
            run.report.printAndAssert();
        }
    }

    private static boolean survivorsCalledIn(Map<String, List<CallsPerSecond.Second>> byCaller, String killed,
                                             long second) {
        return byCaller.entrySet().stream().filter(e -> !e.getKey().equals(killed)).allMatch(e -> e.getValue()
                .stream().anyMatch(s -> s.epochSecond() == second && s.accepted() > 0));
    }

    /** The survivors' accepted calls in each of the first 10 seconds after the kill. */
    private static String firstSeconds(Map<String, List<CallsPerSecond.Second>> byCaller, String killed, long kill) {
        StringBuilder s = new StringBuilder();
        for (long second = kill; second < kill + 10; second++) {
            long at = second;
            s.append(byCaller.entrySet().stream().filter(e -> !e.getKey().equals(killed))
                    .flatMap(e -> e.getValue().stream()).filter(x -> x.epochSecond() == at)
                    .mapToLong(CallsPerSecond.Second::accepted).sum()).append(' ');
        }
        return s.toString().trim();
    }
}
