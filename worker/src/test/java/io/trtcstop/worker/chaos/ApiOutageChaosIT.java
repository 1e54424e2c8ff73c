package io.trtcstop.worker.chaos;

import io.trtcstop.emulator.CallsPerSecond;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An API outage mid-run (every call fails: half InternalError, half a dropped connection) for 30 s, or as long as
 * {@code -Dchaos.outage} says (e.g. 5m), longer than the workers' retry budget (RETRY_MAX_ELAPSED 15 s): no command
 * is dead-lettered merely because time passed, and every task is stopped once the API answers again. Prints how many
 * calls the group made during the outage.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ApiOutageChaosIT {

    private static final Duration RETRY_BUDGET = Duration.ofSeconds(15);


    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void anOutageMidRunDeadLettersNothing(KafkaBroker broker) throws Exception {
        Duration outage = ChaosSettings.outage();
        int records = ChaosSettings.scaled(300);
        try (ChaosApi api = ChaosApi.start(ScaleChaosIT.ACCOUNT_LIMIT, Duration.ofMillis(20), Duration.ofMillis(20));
             ChaosRun run = ChaosRun.start(broker, "outage", "API outage of " + outage.toSeconds()
                     + " s mid-run (InternalError and dropped connections), 2 instances, retry budget "
                     + RETRY_BUDGET.toSeconds() + " s", 6, api)) {
            run.load.stopCommands(records);
            run.load.acknowledged();
            for (int i = 0; i < 2; i++) {
                Map<String, String> env = run.env("outage-" + i);
                // A fixed share of the account's 20/s each: quota sharing is not what this test is about.
                env.put("TRTC_RATE_LIMIT", "10");
                // A retry budget shorter than the outage: waiting out an outage must not spend it.
                env.put("RETRY_MAX_ELAPSED", RETRY_BUDGET.toSeconds() + "s");
                run.fleet.start("worker-" + i, env);
            }
            run.awaitOutcomes(records / 4, Duration.ofSeconds(120));

            int before = run.outcomesSoFar();
            Instant began = Instant.now();
            api.beginOutage();
            Thread.sleep(outage);
            api.endOutage();
            Instant ended = Instant.now();
            int deadLettersDuring = run.output.deadLetters().size();
            int outcomesDuring = run.outcomesSoFar() - before;

            ExactlyOnceAudit.Counts counts = run.settleAndCheck(outage.plus(Duration.ofMinutes(4)));
            long callsDuring = api.perSecond().stream()
                    .filter(s -> s.epochSecond() >= began.getEpochSecond() && s.epochSecond() < ended.getEpochSecond())
                    .mapToLong(CallsPerSecond.Second::offered).sum();
            run.report.figure("outage", "%.1f s; %d calls offered during it (%.1f/s), %d outcomes and %d dead letters "
                            + "committed during it", Duration.between(began, ended).toMillis() / 1000.0, callsDuring,
                    callsDuring / Math.max(1.0, Duration.between(began, ended).toMillis() / 1000.0), outcomesDuring,
                    deadLettersDuring);
            run.report.check(counts.deadLetters() == 0, "%d command(s) dead-lettered because of the outage (target 0)",
                    counts.deadLetters());
            run.report.printAndAssert();
        }
    }
}
