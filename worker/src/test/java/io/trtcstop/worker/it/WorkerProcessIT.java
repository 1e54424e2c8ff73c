package io.trtcstop.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trtcstop.emulator.TrtcEmulator;
import io.trtcstop.kafka.testkit.KafkaBroker;
import io.trtcstop.kafka.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The packaged worker in its own process: start-up errors, SIGTERM and a hard crash. */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerProcessIT {

    private static final long APP = 1400000002L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static KafkaBroker broker;

    @TempDir
    Path logs;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void broker(KafkaBroker kafka) {
        broker = kafka;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private WorkerProcess worker(Map<String, String> env, String name) throws Exception {
        WorkerProcess p = WorkerProcess.start(env, logs, name);
        cleanup.add(p);
        return p;
    }

    @Test
    void aBadConfigurationStopsAtOnceNamingEveryProblem() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TRTC_REGION", "eu-west-9");
        env.put("TENCENTCLOUD_SECRET_KEY", "must-not-be-printed");
        WorkerProcess p = worker(env, "bad-config");
        assertThat(p.waitForExit(Duration.ofSeconds(30))).isTrue();
        assertThat(p.exitCode()).isEqualTo(2);
        assertThat(p.log()).contains("KAFKA_BOOTSTRAP_SERVERS is required", "TENCENTCLOUD_SECRET_ID is required",
                "TRTC_REGION=eu-west-9").doesNotContain("must-not-be-printed");
    }

    @Test
    void missingTopicsAreAClearStartupError() throws Exception {
        TrtcEmulator emulator = Emulators.start(100);
        cleanup.add(emulator);
        CommandTopics topics = new CommandTopics(broker, 1);
        cleanup.add(topics);
        Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(), "nt-0");
        env.put("DLQ_TOPIC", "no.such.topic");
        WorkerProcess p = worker(env, "missing-topic");
        assertThat(p.waitForExit(Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).isEqualTo(2);
        assertThat(p.log()).contains("missing Kafka topic(s): no.such.topic");
    }

    @Test
    void sigtermDrainsCommitsAndExitsZeroAndNothingIsLost() throws Exception {
        Backlog backlog = backlog(3, 300, Duration.ofMillis(150));
        TrtcEmulator emulator = backlog.emulator();
        CommandTopics topics = backlog.topics();
        Map<String, String> env = backlog.workerEnv("term-0");
        env.put("SHUTDOWN_GRACE", "10s");
        WorkerProcess first = worker(env, "term-first");
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 50);
        long sent = System.nanoTime();
        first.terminate();
        assertThat(first.waitForExit(Duration.ofSeconds(20))).as("exits").isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        System.out.printf("SIGTERM to exit: %d ms%n", took.toMillis());
        assertThat(took).as("within the 10 s grace period").isLessThan(Duration.ofSeconds(10));
        assertThat(first.exitCode()).as(first.log()).isZero();
        assertThat(first.log()).contains("stopping: no more fetching").doesNotContain(Emulators.SECRET_KEY);
        int afterFirst = topics.outcomes().size();
        assertThat(afterFirst).isLessThan(300);

        WorkerProcess second = worker(env, "term-second");
        assertExactlyOneOutcomePerRecord(topics, 300);
        assertThat(second.isAlive()).isTrue();
        for (String task : backlog.tasks()) {
            assertThat(emulator.successfulStopCount(task)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aHardKilledWorkerLeavesNoDuplicateOrMissingOutcome() throws Exception {
        Backlog backlog = backlog(4, 400, Duration.ofMillis(50));
        CommandTopics topics = backlog.topics();
        Map<String, String> env = backlog.workerEnv("crash-0");
        WorkerProcess first = worker(env, "crash-first");
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.outcomes().size() >= 80);
        first.kill();
        assertThat(topics.outcomes().size()).isLessThan(400);

        // The same instance comes back (as a restarted pod would): it fences the dead one's open transaction.
        worker(env, "crash-second");
        assertExactlyOneOutcomePerRecord(topics, 400);
    }

    /** Running tasks with a stop command waiting for each, and an API slow enough that a worker is caught mid-run. */
    private record Backlog(TrtcEmulator emulator, CommandTopics topics, List<String> tasks) {
        Map<String, String> workerEnv(String instanceId) {
            Map<String, String> env = topics.workerEnv(broker.bootstrapServers(), emulator.endpoint().toString(),
                    instanceId);
            env.put("TRTC_RATE_LIMIT", "100");
            return env;
        }
    }

    private Backlog backlog(int partitions, int commands, Duration latency) {
        TrtcEmulator emulator = Emulators.start(5000);
        cleanup.add(emulator);
        emulator.faults().latency(latency, Duration.ofMillis(100));
        CommandTopics topics = new CommandTopics(broker, partitions);
        cleanup.add(topics);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            String task = emulator.createTask(APP, "room-" + i);
            tasks.add(task);
            topics.send(task, Commands.stop(APP, task));
        }
        topics.flush();
        return new Backlog(emulator, topics, tasks);
    }

    private static void assertExactlyOneOutcomePerRecord(CommandTopics topics, int records) {
        await().atMost(Duration.ofSeconds(90)).until(() -> topics.committedOffsets() == records);
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.outcomes().size() >= records);
        List<ConsumerRecord<byte[], byte[]>> outcomes = topics.outcomes();
        assertThat(outcomes).hasSize(records);
        Set<String> sources = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : outcomes) {
            JsonNode o = JSON.readTree(r.value());
            String source = o.get("Source").get("Partition").asInt() + "@" + o.get("Source").get("Offset").asLong();
            assertThat(sources.add(source)).as("duplicate outcome for " + source).isTrue();
            assertThat(o.get("Status").asString()).isIn("STOPPED", "ALREADY_STOPPED");
        }
    }
}
