package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
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
 * SIGTERM to an idle worker at its defaults (nothing in flight) ends the process within 2 s: a rolling update or
 * a scale-in must not wait out client timeouts, and a replacement takes the partitions over at once.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PromptExitIT {

    private static final long APP = 1400000002L;
    /** The target, with 0.5 s for the JVM's own exit on a loaded two-core machine. */
    private static final Duration TARGET = Duration.ofMillis(2500);

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
    void anIdleDynamicMemberExitsWithinTwoSecondsOfSigterm(KafkaBroker broker) throws Exception {
        assertPromptExit(broker, null, "idle-dynamic");
    }

    @Test
    void anIdleStaticMemberExitsWithinTwoSecondsOfSigterm(KafkaBroker broker) throws Exception {
        assertPromptExit(broker, "prompt-static-0", "idle-static");
    }

    @Test
    void aMemberWaitingInARebalanceForADeadMemberExitsWithinTwoSeconds(KafkaBroker broker) throws Exception {
        // The dead member's 45 s session holds the group in PreparingRebalance; the new member's JoinGroup waits
        // at the coordinator, and a consumer close that waited for it would take up to its 30 s default.
        TrtcEmulator emulator = Emulators.start(5000);
        cleanup.add(emulator);
        CommandTopics topics = new CommandTopics(broker, 2);
        cleanup.add(topics);
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), null);
        Map<String, String> slowToExpire = new java.util.HashMap<>(env);
        slowToExpire.put("KAFKA_CLIENT_SESSION_TIMEOUT_MS", "45000");
        WorkerProcess dead = WorkerProcess.start(slowToExpire, logs, "dead-member");
        cleanup.add(dead);
        String task = emulator.createTask(APP, "room-rebalance");
        topics.send(task, Commands.stop(APP, task));
        topics.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() == 1);
        dead.kill();

        WorkerProcess joining = WorkerProcess.start(env, logs, "joining-member");
        cleanup.add(joining);
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.admin().describeConsumerGroups(List.of(topics.group))
                .all().get().get(topics.group).groupState() == org.apache.kafka.common.GroupState.PREPARING_REBALANCE);
        await().atMost(Duration.ofSeconds(30)).until(() -> joining.log().contains("joining group"));
        assertPromptSigterm(joining, "joining-during-rebalance");
    }

    private void assertPromptExit(KafkaBroker broker, String instanceId, String name) throws Exception {
        TrtcEmulator emulator = Emulators.start(5000);
        cleanup.add(emulator);
        CommandTopics topics = new CommandTopics(broker, 2);
        cleanup.add(topics);
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), instanceId);
        WorkerProcess p = WorkerProcess.start(env, logs, name);
        cleanup.add(p);
        String task = emulator.createTask(APP, "room-" + name);
        topics.send(task, Commands.stop(APP, task));
        topics.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() == 1);

        assertPromptSigterm(p, name);
    }

    private static void assertPromptSigterm(WorkerProcess p, String name) throws InterruptedException {
        long began = System.nanoTime();
        p.terminate();
        assertThat(p.waitForExit(Duration.ofSeconds(60))).as("exits").isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        System.out.printf("%s: SIGTERM to exit %d ms%n", name, took.toMillis());
        assertThat(p.exitCode()).as(p.log()).isZero();
        assertThat(took).as("SIGTERM to exit with nothing in flight; log:%n%s", p.log()).isLessThanOrEqualTo(TARGET);
    }
}
