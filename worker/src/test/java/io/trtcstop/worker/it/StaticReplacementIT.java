package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import io.trtcstop.kafka.testkit.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A StatefulSet pod under the KIP-848 group protocol is SIGKILLed and comes back at once under the same
 * WORKER_INSTANCE_ID. The group refuses the id (UNRELEASED_INSTANCE_ID) until the dead member's session expires (10 s
 * on the test cluster); the replacement waits and joins again instead of exiting 1 into a crash loop, then takes
 * the partitions over, and SIGTERM still ends it with 0.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StaticReplacementIT {

    private static final long APP = 1400000004L;

    @TempDir
    Path logs;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    @Test
    void aReplacementUnderTheCrashedMembersIdWaitsForTheIdAndTakesOver(KafkaCluster cluster) throws Exception {
        TrtcEmulator emulator = Emulators.start(5000);
        cleanup.add(emulator);
        CommandTopics topics = new CommandTopics(cluster, 2);
        cleanup.add(topics);
        Map<String, String> env = topics.workerEnv(cluster.bootstrapServers(), emulator.endpoint().toString(),
                "replaced-0");
        env.put("KAFKA_CLIENT_GROUP_PROTOCOL", "consumer");

        WorkerProcess crashed = WorkerProcess.start(env, logs, "crashed");
        cleanup.add(crashed);
        send(emulator, topics, "before");
        await().atMost(Duration.ofSeconds(90)).until(() -> topics.outcomes().size() == 1);
        crashed.kill();

        WorkerProcess replacement = WorkerProcess.start(env, logs, "replacement");
        cleanup.add(replacement);
        await().atMost(Duration.ofSeconds(60)).until(() -> replacement.log().contains("is still held by a member"));
        send(emulator, topics, "after");
        await().atMost(Duration.ofSeconds(90)).until(() -> topics.outcomes().size() == 2 || !replacement.isAlive());
        assertThat(replacement.isAlive()).as("the replacement waits for its id instead of exiting; log:%n%s",
                replacement.log()).isTrue();
        assertThat(topics.outcomes()).hasSize(2);

        replacement.terminate();
        assertThat(replacement.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(replacement.exitCode()).as(replacement.log()).isZero();
    }

    private static void send(TrtcEmulator emulator, CommandTopics topics, String room) {
        String task = emulator.createTask(APP, "room-" + room);
        topics.send(task, Commands.stop(APP, task));
        topics.flush();
    }
}
