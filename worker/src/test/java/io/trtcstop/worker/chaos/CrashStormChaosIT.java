package io.trtcstop.worker.chaos;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three instances, one killed hard (SIGKILL) every few seconds and restarted at once, with and without
 * WORKER_INSTANCE_ID: every record still gets exactly one committed outcome, and the API calls repeated for
 * commands in flight at a crash stay within the in-flight window.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashStormChaosIT {

    private static final int INSTANCES = 3;
    private static final int MAX_IN_FLIGHT = 16;
    /** The storm's cadence: the test's input, not a wait for something. */
    private static final Duration KILL_EVERY = Duration.ofSeconds(4);

    @Test
    void withStaticInstanceIds(KafkaBroker broker) throws Exception {
        storm(broker, "crash-static", "crash storm: 3 instances with WORKER_INSTANCE_ID, one SIGKILLed every 4 s", true);
    }

    @Test
    void withoutInstanceIds(KafkaBroker broker) throws Exception {
        storm(broker, "crash-dynamic", "crash storm: 3 instances without WORKER_INSTANCE_ID, one SIGKILLed every 4 s", false);
    }

    private void storm(KafkaBroker broker, String name, String title, boolean instanceIds) throws Exception {
        int records = ChaosSettings.scaled(600);
        try (ChaosApi api = ChaosApi.start(0, Duration.ofMillis(50), Duration.ofMillis(50));
             ChaosRun run = ChaosRun.start(broker, name, title, 6, api)) {
            run.load.stopCommands(records);
            run.load.acknowledged();
            for (int i = 0; i < INSTANCES; i++) {
                Map<String, String> env = run.env(instanceIds ? name + "-" + i : null);
                // A fixed per-instance rate (30/s for the group), so the backlog outlasts the storm even on an idle
                // machine; quota sharing is not what this test is about.
                env.put("TRTC_RATE_LIMIT", "10");
                env.put("MAX_IN_FLIGHT", String.valueOf(MAX_IN_FLIGHT));
                run.fleet.start("worker-" + i, env);
            }
            run.awaitOutcomes(50, Duration.ofSeconds(120));

            int minKills = 3;
            int maxKills = ChaosSettings.scaled(5);
            int kills = 0;
            while (kills < minKills || (kills < maxKills && run.outcomesSoFar() < records * 0.85)) {
                Thread.sleep(KILL_EVERY);
                int slot = kills % INSTANCES;
                run.fleet.crash(slot);
                run.fleet.restart(slot);
                kills++;
            }
            int outcomesAtLastKill = run.outcomesSoFar();

            ExactlyOnceAudit.Counts counts = run.settleAndCheck(Duration.ofSeconds(240));
            long bound = (long) kills * (INSTANCES + 1) * MAX_IN_FLIGHT;
            run.report.figure("crashes", "%d SIGKILLs, each followed by a restart; %d outcomes committed at the last",
                    kills, outcomesAtLastKill);
            run.report.figure("extra-call bound", "%d = crashes x (instances + 1) x MAX_IN_FLIGHT %d", bound,
                    MAX_IN_FLIGHT);
            run.report.check(counts.extraCalls() <= bound, "%d extra API calls, more than the in-flight window "
                    + "allows (%d)", counts.extraCalls(), bound);
            run.report.check(counts.deadLetters() == 0, "%d dead letters from a healthy API", counts.deadLetters());
            run.report.printAndAssert();
        }
    }
}
