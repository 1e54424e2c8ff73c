package io.trtcstop.worker.chaos;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17, item 5: two consumer groups on one account (blue/green), each with its own topics and a backlog, the
 * emulator enforcing the account's 20 calls/s. Each group's TRTC_ACCOUNT_RATE_LIMIT is its whole-number part of
 * the account's quota (14 and 6): together they offer at most 20 calls in a second, outside the documented slack.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TwoGroupsChaosIT {

    private static final int PARTITIONS = 3;
    private static final int BLUE_LIMIT = 14;
    private static final int GREEN_LIMIT = ScaleChaosIT.ACCOUNT_LIMIT - BLUE_LIMIT;

    @Test
    void blueAndGreenTogetherKeepToTheAccountsQuota(KafkaBroker broker) {
        // About 20 s of backlog for each group at its own number.
        int blueRecords = ChaosSettings.scaled(20 * BLUE_LIMIT);
        int greenRecords = ChaosSettings.scaled(20 * GREEN_LIMIT);
        try (ChaosApi api = ChaosApi.start(ScaleChaosIT.ACCOUNT_LIMIT, Duration.ofMillis(30), Duration.ofMillis(30));
             ChaosRun blue = ChaosRun.start(broker, "blue", "two groups on one account: blue at "
                     + BLUE_LIMIT + "/s, green at " + GREEN_LIMIT + "/s, API limited to 20/s", PARTITIONS, api);
             ChaosRun green = ChaosRun.start(broker, "green", "two groups on one account: green", PARTITIONS, api)) {
            blue.fleet.start("blue-0", env(blue, api, "blue-0", 0, BLUE_LIMIT));
            green.fleet.start("green-0", env(green, api, "green-0", 1, GREEN_LIMIT));
            ConsumerGroupWatch.awaitStable(blue.topics, 1, Duration.ofSeconds(120));
            ConsumerGroupWatch.awaitStable(green.topics, 1, Duration.ofSeconds(120));

            blue.load.stopCommands(blueRecords);
            green.load.stopCommands(greenRecords);
            blue.settleAndCheck(Duration.ofSeconds(240));
            green.settleAndCheck(Duration.ofSeconds(240));

            QuotaSeconds.checkOffered(api.perSecond(), ScaleChaosIT.ACCOUNT_LIMIT, List.of(), blue.report);
            QuotaSeconds.checkThrottled(api.perSecond(), blue.report);
            blue.report.figure("per group", "%s", api.perSecondByCaller().entrySet().stream()
                    .map(e -> String.format("%s %d accepted", e.getKey(),
                            e.getValue().stream().mapToLong(s -> s.accepted()).sum()))
                    .toList());
            green.report.printAndAssert();
            blue.report.printAndAssert();
        }
    }

    private static Map<String, String> env(ChaosRun run, ChaosApi api, String instance, int key, int limit) {
        Map<String, String> env = api.ownCredentials(run.env(instance), key);
        env.put("TRTC_ACCOUNT_RATE_LIMIT", String.valueOf(limit));
        return env;
    }
}
