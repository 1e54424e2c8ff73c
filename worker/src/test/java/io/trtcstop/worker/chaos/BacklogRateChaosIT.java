package io.trtcstop.worker.chaos;

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
 * backlog that lands on a stable group: all on one partition of six (skewed), or spread by key (even). Prints the
 * achieved API rate and the throttled share (the targets: at least 19/s, under 1 %) and checks the quota
 * second by second.
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
            for (int i = 0; i < INSTANCES; i++) {
                Map<String, String> env = run.env(name + "-" + i);
                env.put("TRTC_ACCOUNT_RATE_LIMIT", String.valueOf(ScaleChaosIT.ACCOUNT_LIMIT));
                run.fleet.start("worker-" + i, env);
            }
            Instant stable = ConsumerGroupWatch.awaitStable(run.topics, INSTANCES, Duration.ofSeconds(120));

            for (int i = 0; i < records; i++) {
                run.load.stopCommand(skewed ? 0 : null);
            }
            run.settleAndCheck(Duration.ofSeconds(240));
            long throttled = api.throttledStopCalls();
            long offered = api.acceptedStopCalls() + throttled;
            run.report.figure("quota share", "achieved %.1f calls/s (target >= 19), throttled %.2f %% (target < 1 %%)",
                    api.achievedRate(), offered == 0 ? 0.0 : 100.0 * throttled / offered);
            // The group was stable before the first command: no rebalance, so no slack.
            QuotaSeconds.check(api.perSecond(), ScaleChaosIT.ACCOUNT_LIMIT, List.of(), run.report);
            run.report.figure("group stable at", "%s, before the first command", stable);
            run.report.printAndAssert();
        }
    }
}
