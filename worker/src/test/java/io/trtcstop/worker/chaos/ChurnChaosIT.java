package io.trtcstop.worker.chaos;

import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Continuous churn at the defaults: two instances without WORKER_INSTANCE_ID (dynamic members), one SIGKILLed every
 * 15 s for the whole run and replaced by a fresh process, the emulator enforcing the account's 20 calls/s. Every
 * record gets exactly one outcome, and the group commits in every 30 s window: a crash-looping group must not sit in
 * PreparingRebalance waiting for dead members' sessions.
 *
 * <p>CI runs 400 commands; {@code -Dchaos.churnCommands=2000} runs the full size, all within 400 s.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ChurnChaosIT {

    private static final int INSTANCES = 2;
    /** The storm's cadence: the test's input, not a wait for something. */
    private static final Duration KILL_EVERY = Duration.ofSeconds(15);
    /** No window this long may pass without a new committed outcome while records wait. */
    private static final Duration PROGRESS_WINDOW = Duration.ofSeconds(30);
    /** 2,000 commands within 400 s: five times what the quota alone needs, for the churn and a loaded machine. */
    private static final double SECONDS_PER_COMMAND = 0.2;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aGroupWhoseMembersKeepDyingKeepsCommittingAtTheDefaults(KafkaBroker broker) throws Exception {
        int records = Integer.getInteger("chaos.churnCommands", 400);
        Duration deadline = Duration.ofSeconds(Math.max(120, (long) (records * SECONDS_PER_COMMAND)));
        try (ChaosApi api = ChaosApi.start(ScaleChaosIT.ACCOUNT_LIMIT, Duration.ofMillis(30), Duration.ofMillis(30));
             ChaosRun run = ChaosRun.start(broker, "churn", "continuous churn at the defaults: " + INSTANCES
                     + " dynamic instances, one SIGKILLed every 15 s and replaced, " + records + " commands", 6, api)) {
            for (int i = 0; i < INSTANCES; i++) {
                Map<String, String> env = run.env(null);
                env.remove("KAFKA_CLIENT_SESSION_TIMEOUT_MS"); // the defaults are what this test is about
                env.put("TRTC_ACCOUNT_RATE_LIMIT", String.valueOf(ScaleChaosIT.ACCOUNT_LIMIT));
                run.fleet.start("worker-" + i, env);
            }
            run.load.stopCommands(records);
            run.load.acknowledged();
            long began = System.nanoTime();

            int kills = 0;
            long lastKill = began;
            int seen = 0;
            long lastProgress = began;
            long longestWithout = 0;
            while (run.outcomesSoFar() < records && System.nanoTime() - began < deadline.toNanos()) {
                Thread.sleep(250); // sampling period of the progress clock
                long now = System.nanoTime();
                int outcomes = run.outcomesSoFar();
                if (outcomes > seen) {
                    seen = outcomes;
                    lastProgress = now;
                }
                longestWithout = Math.max(longestWithout, now - lastProgress);
                if (now - lastKill >= KILL_EVERY.toNanos()) {
                    int slot = kills % INSTANCES;
                    run.fleet.crash(slot);
                    run.fleet.restart(slot); // a fresh process: no WORKER_INSTANCE_ID, so a new dynamic member
                    kills++;
                    lastKill = now;
                }
            }
            Duration storm = Duration.ofNanos(System.nanoTime() - began);
            int outcomesInStorm = run.outcomesSoFar();

            ExactlyOnceAudit.Counts counts = run.settleAndCheck(Duration.ofSeconds(120));
            run.report.figure("churn", "%d SIGKILLs every %d s; %d of %d outcomes within %.1f s (deadline %d s)",
                    kills, KILL_EVERY.toSeconds(), outcomesInStorm, records, storm.toMillis() / 1000.0,
                    deadline.toSeconds());
            run.report.figure("longest stall", "%.1f s without a new committed outcome (limit %d s)",
                    longestWithout / 1e9, PROGRESS_WINDOW.toSeconds());
            run.report.figure("extra calls / DLQ", "%d extra API calls, %d dead letters", counts.extraCalls(),
                    counts.deadLetters());
            run.report.check(outcomesInStorm >= records, "only %d of %d records had an outcome within %d s",
                    outcomesInStorm, records, deadline.toSeconds());
            run.report.check(longestWithout <= PROGRESS_WINDOW.toNanos(), "%.1f s passed without a commit (limit %d s)",
                    longestWithout / 1e9, PROGRESS_WINDOW.toSeconds());
            run.report.check(counts.deadLetters() == 0, "%d dead letters from a healthy API", counts.deadLetters());
            run.report.printAndAssert();
        }
    }
}
