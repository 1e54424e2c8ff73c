package io.trtcstop.worker.chaos;

import static org.awaitility.Awaitility.await;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two live instances with one WORKER_INSTANCE_ID (a copy-pasted manifest): one of them stops with exit code 3 and
 * an ERROR line that names the id, the other goes on, and nothing is lost.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SameIdTwiceChaosIT {

    static final int EXIT_DUPLICATE_INSTANCE = 3;
    private static final String ID = "chaos-twin-0";

    @Test
    void twoLiveInstancesWithOneInstanceId(KafkaBroker broker) {
        int records = ChaosSettings.scaled(400);
        try (ChaosApi api = ChaosApi.start(0, Duration.ofMillis(50), Duration.ofMillis(50));
             ChaosRun run = ChaosRun.start(broker, "same-id", "same id twice: two live instances with "
                     + "WORKER_INSTANCE_ID=" + ID, 6, api)) {
            run.load.stopCommands(records);
            run.load.acknowledged();
            Map<String, String> env = run.env(ID);
            env.put("TRTC_RATE_LIMIT", "25");
            int first = run.fleet.start("first", env);
            run.awaitOutcomes(records / 5, Duration.ofSeconds(120));
            int second = run.fleet.start("second", env);
            List<WorkerRun> twins = List.of(run.fleet.node(first), run.fleet.node(second));

            Optional<WorkerRun> exited = Optional.empty();
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> twins.stream().anyMatch(n -> !n.process().isAlive()));
                exited = twins.stream().filter(n -> !n.process().isAlive()).findFirst();
            } catch (ConditionTimeoutException e) {
                run.report.check(false, "both instances with %s still run 90 s after the second started", ID);
            }
            exited.ifPresent(run.fleet::expectExit);

            run.settleAndCheck(Duration.ofSeconds(180));
            exited.ifPresent(node -> {
                // The worker's own line: Kafka's client logs name the instance id in ERROR lines of its own.
                Optional<String> errorLine = node.process().log().lines()
                        .filter(l -> l.matches(".*\\bERROR\\b.*") && l.contains(ID))
                        .filter(l -> !l.contains("o.a.k.") && !l.contains("org.apache.kafka")).findFirst();
                run.report.figure("ended", "%s, exit %d; its ERROR line naming the id: %s", node.name(),
                        node.process().exitCode(), errorLine.orElse("(none)"));
                run.report.check(node.process().exitCode() == EXIT_DUPLICATE_INSTANCE, "%s ended with exit %d, not %d "
                        + "(duplicate instance id)", node.name(), node.process().exitCode(), EXIT_DUPLICATE_INSTANCE);
                run.report.check(errorLine.isPresent(), "%s logged no ERROR line of its own naming %s", node.name(),
                        ID);
                WorkerRun survivor = twins.get(twins.indexOf(node) == 0 ? 1 : 0);
                run.report.check(survivor.process().isAlive(), "the other instance ended too: %s",
                        survivor.describeEnd());
            });
            run.report.printAndAssert();
        }
    }
}
