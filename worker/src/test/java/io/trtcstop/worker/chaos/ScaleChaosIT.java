package io.trtcstop.worker.chaos;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scaling 1 -> 5 -> 2 instances under load, with the emulator enforcing the account's 20 calls/s: every record
 * gets exactly one outcome, and the group as a whole keeps to the one account quota (TRTC_ACCOUNT_RATE_LIMIT).
 */
@ExtendWith(KafkaBrokerExtension.class)
class ScaleChaosIT {

    static final int ACCOUNT_LIMIT = 20;

    @Test
    void scaleOneToFiveToTwoUnderLoad(KafkaBroker broker) throws Exception {
        // Each phase gets its own backlog once the group has settled, so that every phase works under load however
        // long the new JVMs take to start on a busy machine.
        int unit = ChaosSettings.scaled(80);
        try (ChaosApi api = ChaosApi.start(ACCOUNT_LIMIT, Duration.ofMillis(30), Duration.ofMillis(30));
             ChaosRun run = ChaosRun.start(broker, "scale",
                     "scale 1 -> 5 -> 2 under load, the API limited to " + ACCOUNT_LIMIT + "/s", 10, api)) {
            List<QuotaSeconds.Slack> slack = new ArrayList<>();

            Instant step = Instant.now();
            run.fleet.start("worker-0", env(run, 0));
            slack.add(scaleStep(step, ConsumerGroupWatch.awaitStable(run.topics, 1, Duration.ofSeconds(90)), "0 -> 1", 1));
            run.load.stopCommands(2 * unit);
            run.awaitOutcomes(unit, Duration.ofSeconds(120));
            int atFive = run.outcomesSoFar();

            step = Instant.now();
            for (int i = 1; i < 5; i++) {
                run.fleet.start("worker-" + i, env(run, i));
            }
            slack.add(scaleStep(step, ConsumerGroupWatch.awaitStable(run.topics, 5, Duration.ofSeconds(120)), "1 -> 5", 4));
            run.load.stopCommands(3 * unit);
            run.awaitOutcomes(2 * unit + 3 * unit / 2, Duration.ofSeconds(180));
            int atTwo = run.outcomesSoFar();

            step = Instant.now();
            List<WorkerRun> leaving = new ArrayList<>();
            for (int slot = 2; slot < 5; slot++) {
                leaving.add(run.fleet.terminate(slot));
            }
            List<String> unclean = new ArrayList<>();
            for (WorkerRun node : leaving) {
                if (!node.process().waitForExit(Duration.ofSeconds(30)) || node.process().exitCode() != 0) {
                    unclean.add(node.describeEnd());
                }
            }
            slack.add(scaleStep(step, ConsumerGroupWatch.awaitStable(run.topics, 2, Duration.ofSeconds(120)), "5 -> 2", 0));
            run.load.stopCommands(2 * unit);

            run.settleAndCheck(Duration.ofSeconds(240));
            run.report.figure("phases", "1 instance until %d outcomes, 5 until %d, then 2 (3 stopped by SIGTERM)",
                    atFive, atTwo);
            run.report.check(unclean.isEmpty(), "not stopped cleanly by SIGTERM within 30 s (exit 0): %s", unclean);
            QuotaSeconds.checkOffered(api.perSecond(), ACCOUNT_LIMIT, slack, run.report);
            run.report.printAndAssert();
        }
    }

    /**
     * The seconds of a scale step, from a second before it began until 3 s after the group was seen stable: each
     * joining member starts with a small slice (1% of the quota) at the start of the line before it has seen the
     * group, so the joiners may each put one call into a second that the others' slices fill. Slices grow only once
     * every member can have seen the new group, so nothing else overlaps.
     */
    private static QuotaSeconds.Slack scaleStep(Instant began, Instant stable, String step, int joining) {
        return new QuotaSeconds.Slack(began.minusSeconds(1), Duration.between(began, stable).plusSeconds(4),
                joining, "scale " + step + ": " + joining + " joining member(s) with their first small slice");
    }

    private static Map<String, String> env(ChaosRun run, int i) {
        Map<String, String> env = run.env("scale-" + i);
        env.put("TRTC_ACCOUNT_RATE_LIMIT", String.valueOf(ACCOUNT_LIMIT));
        return env;
    }
}
