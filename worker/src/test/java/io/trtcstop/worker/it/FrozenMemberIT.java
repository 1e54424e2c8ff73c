package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.it.FaultyClients.Side;
import io.trtcstop.worker.kafka.StopWorker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dynamic member frozen inside a transaction (outcomes and offsets sent, commit not yet) is dropped from the group
 * when its poll interval runs out. The other member takes its partitions over, and must not wait for the frozen
 * transaction to time out (transaction.timeout.ms 20 s, then up to 10 s until the coordinator's clean-up): it aborts
 * it as soon as the frozen member has left ({@code AbandonedTransactions}) and finishes the work. When the frozen
 * member wakes up, its commit is refused as fenced and it stops; every record has exactly one outcome.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FrozenMemberIT {

    private static final long APP = 1400000003L;
    /** The frozen member leaves the group this long after its last poll. */
    private static final String MAX_POLL_INTERVAL_MS = "6000";
    private static final Duration FROZEN = Duration.ofSeconds(25);
    /**
     * Below the worker's 20 s transaction timeout: only an abort by the other member finishes the work this soon.
     * Expected: 6 s until the frozen member leaves, then at most 2 s to the next scan and 2 s of "open for".
     */
    private static final Duration FINISHED_WITHIN = Duration.ofSeconds(17);

    private static KafkaBroker broker;
    private final InJvmWorkers workers = new InJvmWorkers();

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    @AfterEach
    void stopEverything() throws Exception {
        workers.close();
    }

    @Test
    void theSurvivorAbortsTheFrozenMembersTransactionAndFinishesBeforeItTimesOut() throws Exception {
        TrtcEmulator emulator = workers.closeAtEnd(Emulators.start(5000));
        CommandTopics topics = workers.closeAtEnd(new CommandTopics(broker, 4));
        int records = 400;
        for (int i = 0; i < records; i++) {
            String task = emulator.createTask(APP, "room-" + i);
            topics.send(task, Commands.stop(APP, task));
        }
        topics.flush();
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), null);
        env.put("KAFKA_CLIENT_MAX_POLL_INTERVAL_MS", MAX_POLL_INTERVAL_MS);
        env.put("COMMIT_MAX_RECORDS", "10");
        // The frozen member starts alone, so it owns every partition and surely reaches its third commit; slowly,
        // so that most of the backlog is left for the survivor when it freezes.
        Map<String, String> slow = new java.util.HashMap<>(env);
        slow.put("TRTC_RATE_LIMIT", "20");
        FaultyClients faults = new FaultyClients().stallOnce(Side.PRODUCER, "commitTransaction", 3, FROZEN);
        StopWorker frozen = workers.start(slow, faults);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> faults.fired(Side.PRODUCER, "commitTransaction") == 1);
        long frozenAt = System.nanoTime();
        // Joins while the frozen member still holds the group (until its poll interval runs out).
        StopWorker survivor = workers.start(env);
        await().atMost(FINISHED_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> topics.outcomes().size() >= records);
        double seconds = (System.nanoTime() - frozenAt) / 1e9;
        System.out.printf("FrozenMemberIT: every outcome committed %.1f s after the freeze began%n", seconds);

        assertThat(frozen.awaitStopped(FROZEN.plusSeconds(30))).as("the frozen member stops once it wakes").isTrue();
        assertThat(frozen.fenced()).as("its commit was refused: its transaction had been aborted").isTrue();
        assertThat(survivor.failure()).isNull();
        CommittedOnce.assertExactlyOnce(topics, records);
    }
}
