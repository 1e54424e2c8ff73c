package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.worker.kafka.StopWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A command that keeps failing transiently must not hold back the outcomes of the commands after it in its
 * partition: they are committed at once, above the committed offset, and the commit's metadata says which. The
 * partition's next owner skips exactly those and redoes only the unfinished one: still one outcome per record and
 * no second call.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FinishedAboveIT {

    private static final long APP = 1400000009L;
    private static final int HEALTHY = 20;

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
    void finishedCommandsAreVisibleBeforeARetryingOneAndTheNextOwnerSkipsThem() throws Exception {
        TrtcEmulator emulator = workers.closeAtEnd(Emulators.start(5000));
        CommandTopics topics = workers.closeAtEnd(new CommandTopics(broker, 1));
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), null);
        env.put("RETRY_MAX_ATTEMPTS", "1000");
        env.put("RETRY_MAX_ELAPSED", "10m");
        env.put("SHUTDOWN_GRACE", "1s");

        String slow = emulator.createTask(APP, "room-slow");
        emulator.faults().scriptStopAnswersForever(slow, "InternalError");
        List<String> healthy = new ArrayList<>();
        topics.send(0, slow, Commands.stop(APP, slow)); // offset 0: retries until the script is cleared
        for (int i = 0; i < HEALTHY; i++) {
            String task = emulator.createTask(APP, "room-" + i);
            healthy.add(task);
            topics.send(0, task, Commands.stop(APP, task));
        }
        topics.flush();

        StopWorker first = workers.start(env);
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= HEALTHY);
        assertThat(emulator.stopCallCount(slow)).as("still retrying").isGreaterThan(1);
        CommittedRun visible = CommittedRun.read(topics.outcomes(), topics.deadLetters());
        assertThat(visible.outcomes).as("all but the retrying one, at offset 0").hasSize(HEALTHY)
                .doesNotContainKey("0@0");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            OffsetAndMetadata committed = committed(topics);
            assertThat(committed.offset()).as("the committed offset waits at the retrying record").isZero();
            assertThat(committed.metadata()).as("and says what above it is finished")
                    .startsWith("trtc-finished-above:");
        });

        first.stop();
        assertThat(first.awaitStopped(Duration.ofSeconds(30))).isTrue();
        emulator.faults().clearStopScript(slow);
        workers.start(env); // the partition's next owner

        CommittedRun run = CommittedRun.whenCommitted(topics, HEALTHY + 1, 0);
        assertThat(run.status("0@0")).isEqualTo("STOPPED");
        for (String task : healthy) {
            assertThat(run.forTask(task)).as(task).singleElement();
            assertThat(emulator.stopCallCount(task)).as("calls for " + task + ": not redone").isEqualTo(1);
        }
        assertThat(committed(topics).metadata()).as("nothing above the committed offset any more").isEmpty();
    }

    private static OffsetAndMetadata committed(CommandTopics topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = broker.admin()
                .listConsumerGroupOffsets(topics.group).partitionsToOffsetAndMetadata().get();
        return offsets.get(new TopicPartition(topics.stop, 0));
    }
}
