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
 * Three instances sharing the account's 20 calls/s (TRTC_ACCOUNT_RATE_LIMIT), the emulator enforcing it, and a
 * backlog that lands on a stable group: all on one partition of six (skewed), or spread by key (even). Asserts the
 * quota second by second ({@link QuotaSeconds}: offered at most the limit outside the documented slack, at least 95 %
 * of it accepted while the backlog lasts, at most 1 % throttled) and, for the even backlog, each instance's accepted
 * calls within one call/s of its share (each instance signs with a key of its own, so the emulator counts it apart).
 */
@ExtendWith(KafkaBrokerExtension.class)
class BacklogRateChaosIT {

    private static final int INSTANCES = 3;
    private static final int PARTITIONS = 6;

    @Test
    void skewedBacklogAllOnOnePartitionOfSix(KafkaBroker broker) {
        backlog(broker, "skewed", "skewed backlog: all commands on one partition of six, 3 instances, API limited to 20/s",
                true);
    }

    @Test
    void evenBacklogOverSixPartitions(KafkaBroker broker) {
        backlog(broker, "even", "even backlog: commands spread over six partitions, 3 instances, API limited to 20/s",
                false);
    }

    private void backlog(KafkaBroker broker, String name, String title, boolean skewed) {
        int records = ChaosSettings.scaled(300);
        try (ChaosApi api = ChaosApi.start(ScaleChaosIT.ACCOUNT_LIMIT, Duration.ofMillis(30), Duration.ofMillis(30));
             ChaosRun run = ChaosRun.start(broker, name, title, PARTITIONS, api)) {
            api.emulator().clockOffset(ChaosSettings.apiClockOffset());
            run.report.figure("API clock", "%+d ms from the hosts' (-Dchaos.apiClockOffsetMs)",
                    ChaosSettings.apiClockOffset().toMillis());
            for (int i = 0; i < INSTANCES; i++) {
                Map<String, String> env = api.ownCredentials(run.env(name + "-" + i), i);
                env.put("TRTC_ACCOUNT_RATE_LIMIT", String.valueOf(ScaleChaosIT.ACCOUNT_LIMIT));
                run.fleet.start("worker-" + i, env);
            }
            Instant stable = ConsumerGroupWatch.awaitStable(run.topics, INSTANCES, Duration.ofSeconds(120));

            for (int i = 0; i < records; i++) {
                run.load.stopCommand(skewed ? 0 : null);
            }
            run.settleAndCheck(Duration.ofSeconds(240));
            List<CallsPerSecond.Second> seconds = api.perSecond();
            // The group was stable before the first command: no rebalance, so no slack beyond the edge calls.
            QuotaSeconds.checkOffered(seconds, ScaleChaosIT.ACCOUNT_LIMIT, List.of(), run.report);
            QuotaSeconds.checkThrottled(seconds, run.report);
            // The backlog lasts until the first instance runs out of work: from then on the others get its share
            // only 1-2 s late (SliceAgreement). It is measured from 4 s after its first call: a share that grows is
            // used a refresh and a visibility late, at the start of a second, by design, and the commands come as
            // soon as Kafka calls the group stable, when the members' slices are still growing from the layouts of
            // the join (even), or when one member's grows to almost the whole quota (skewed).
            QuotaSeconds.Backlog backlog = QuotaSeconds.backlog(seconds, api.perSecondByCaller(),
                    Duration.ofSeconds(4));
            QuotaSeconds.checkBacklogRate(seconds, backlog, ScaleChaosIT.ACCOUNT_LIMIT, run.report);
            if (!skewed) {
                QuotaSeconds.checkShares(api.perSecondByCaller(), backlog,
                        (double) ScaleChaosIT.ACCOUNT_LIMIT / INSTANCES, run.report);
            }
            run.report.figure("group stable at", "%s, before the first command", stable);
            run.report.printAndAssert();
        }
    }
}
