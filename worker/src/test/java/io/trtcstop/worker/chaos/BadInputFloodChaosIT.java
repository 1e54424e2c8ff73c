package io.trtcstop.worker.chaos;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed records of every kind mixed with valid commands: every malformed one is dead-lettered with a reason
 * (and never reaches the API), every valid one is stopped, and no worker process ends or restarts.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BadInputFloodChaosIT {


    @Test
    void malformedRecordsOfEveryKindMixedWithValidOnes(KafkaBroker broker) {
        int valid = ChaosSettings.scaled(300);
        int perKind = ChaosSettings.scaled(3);
        try (ChaosApi api = ChaosApi.start(0, Duration.ofMillis(10), Duration.ofMillis(10));
             ChaosRun run = ChaosRun.start(broker, "bad-input", "bad input flood: "
                     + BadInput.kinds().size() + " kinds of malformed records mixed with valid ones, 2 instances",
                     6, api)) {
            List<BadInput.Kind> mix = new ArrayList<>();
            for (int i = 0; i < perKind; i++) {
                mix.addAll(BadInput.kinds());
            }
            for (int i = 0; i < valid; i++) {
                mix.add(null);
            }
            Collections.shuffle(mix, new Random(7));
            for (int i = 0; i < 2; i++) {
                Map<String, String> env = run.env("bad-input-" + i);
                env.put("TRTC_RATE_LIMIT", "50");
                run.fleet.start("worker-" + i, env);
            }
            for (BadInput.Kind kind : mix) {
                if (kind == null) {
                    run.load.stopCommand();
                } else {
                    run.load.badRecord(kind);
                }
            }

            ExactlyOnceAudit.Counts counts = run.settleAndCheck(Duration.ofSeconds(180));
            int bad = mix.size() - valid;
            run.report.check(counts.deadLetters() == bad, "%d dead letters for %d malformed records",
                    counts.deadLetters(), bad);
            Map<String, Long> kinds = run.output.deadLetters().stream()
                    .collect(Collectors.groupingBy(d -> String.valueOf(d.kind()), TreeMap::new, Collectors.counting()));
            run.report.check(kinds.keySet().equals(Set.of("INVALID_COMMAND")), "dead letters by dlq.error.kind %s, "
                    + "expected only INVALID_COMMAND", kinds);
            Map<String, Long> apiAnswers = api.emulator().callsByActionAndCode()
                    .getOrDefault(ChaosApi.DELETE, Map.of());
            run.report.figure("API answers", "%s", apiAnswers);
            run.report.check(Set.of("OK", "ResourceNotFound").containsAll(apiAnswers.keySet()), "a malformed command "
                    + "reached the API: it answered %s", apiAnswers);
            run.report.check(run.fleet.everyRun().size() == 2 && run.fleet.everyRun().stream()
                    .allMatch(r -> r.process().isAlive()), "a worker process ended: %s", run.fleet.unexpectedExits());
            run.report.printAndAssert();
        }
    }
}
