package io.trtcstop.worker.chaos;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker killed hard (SIGKILL) mid-run and restarted on the same data: every record still gets exactly one
 * committed outcome, and the workers ride it out (none exits).
 */
@ExtendWith(KafkaBrokerExtension.class)
class BrokerRestartChaosIT {


    @Test
    void theBrokerKilledAndRestartedMidRun(KafkaBroker broker) {
        assumeTrue(broker.supportsCrashTesting(), "only the child-process broker can be killed");
        int records = ChaosSettings.scaled(600);
        try (ChaosApi api = ChaosApi.start(0, Duration.ofMillis(50), Duration.ofMillis(50));
             ChaosRun run = ChaosRun.start(broker, "broker-restart",
                     "broker restart: 2 instances, the broker SIGKILLed mid-run and restarted", 6, api)) {
            run.load.stopCommands(records);
            run.load.acknowledged();
            for (int i = 0; i < 2; i++) {
                Map<String, String> env = run.env("broker-restart-" + i);
                env.put("TRTC_RATE_LIMIT", "20");
                env.put("MAX_IN_FLIGHT", "16");
                run.fleet.start("worker-" + i, env);
            }
            run.awaitOutcomes(records / 4, Duration.ofSeconds(120));

            int before = run.outcomesSoFar();
            long down = System.nanoTime();
            broker.kill();
            broker.restart();
            Duration downtime = Duration.ofNanos(System.nanoTime() - down);

            run.settleAndCheck(Duration.ofSeconds(240));
            run.report.figure("broker down", "%.1f s (SIGKILL to answering again), %d outcomes committed before",
                    downtime.toMillis() / 1000.0, before);
            run.report.printAndAssert();
        }
    }
}
